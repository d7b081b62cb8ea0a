using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoopFunctions.Durable;
using LoopFunctions.Durable.History;

namespace LoopFunctions.Host.Management;

/// <summary>The Durable Functions status JSON of an instance: <c>name, instanceId, runtimeStatus, input,
/// customStatus, output, createdTime, lastUpdatedTime, historyEvents</c>.</summary>
internal static class StatusJson
{
    private static readonly HashSet<string> PayloadProperties = new(StringComparer.OrdinalIgnoreCase) { "input", "result", "output", "failureDetails" };

    public static JsonObject From(OrchestrationMetadata metadata, bool showInput, IReadOnlyList<HistoryEvent>? history = null, bool showHistoryOutput = false)
    {
        var status = new JsonObject
        {
            ["name"] = metadata.Name,
            ["instanceId"] = metadata.InstanceId,
            ["runtimeStatus"] = metadata.RuntimeStatus.ToString(),
            ["input"] = showInput ? Parse(metadata.SerializedInput) : null,
            ["customStatus"] = Parse(metadata.SerializedCustomStatus),
            ["output"] = metadata.FailureDetails is { } failure ? JsonSerializer.SerializeToNode(failure, HistoryJson.Options) : Parse(metadata.SerializedOutput),
            ["createdTime"] = Time(metadata.CreatedAt),
            ["lastUpdatedTime"] = Time(metadata.LastUpdatedAt),
        };
        if (history is not null)
        {
            status["historyEvents"] = new JsonArray(history.Select(e => (JsonNode?)Event(e, showHistoryOutput)).ToArray());
        }

        return status;
    }

    /// <summary>A history event as Durable Functions shows it: <c>EventType</c> and <c>Timestamp</c> first; payloads
    /// (inputs, results, failure details) only with <c>showHistoryOutput=true</c>.</summary>
    public static JsonObject Event(HistoryEvent e, bool showOutput)
    {
        var node = JsonSerializer.SerializeToNode(e, HistoryJson.Options)!.AsObject();
        var type = node["type"]?.GetValue<string>() ?? e.GetType().Name;
        var shaped = new JsonObject
        {
            ["EventType"] = type.EndsWith("Event", StringComparison.Ordinal) ? type[..^"Event".Length] : type,
            ["Timestamp"] = Time(e.Timestamp),
        };
        foreach (var (key, value) in node.ToList())
        {
            if (key is "type" or "timestamp" || (!showOutput && PayloadProperties.Contains(key)))
            {
                continue;
            }

            node.Remove(key);
            shaped[char.ToUpperInvariant(key[0]) + key[1..]] = key is "input" or "result" && value is JsonValue v && v.TryGetValue<string>(out var text) ? Parse(text) : value;
        }

        return shaped;
    }

    /// <summary>Stored payloads are JSON text; they are shown as JSON values, or as a string when they are not JSON.</summary>
    public static JsonNode? Parse(string? serialized)
    {
        if (serialized is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(serialized);
        }
        catch (JsonException)
        {
            return JsonValue.Create(serialized);
        }
    }

    private static string Time(DateTime value) =>
        DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
