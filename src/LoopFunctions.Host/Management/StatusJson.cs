using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DurableTask.Core.History;
using LoopFunctions.Loops;
using LoopFunctions.Loops.Orchestration;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Host.Management;

/// <summary>The Durable Functions status JSON of an instance: <c>name, instanceId, runtimeStatus, input,
/// customStatus, output, createdTime, lastUpdatedTime</c> and, when asked for, <c>historyEvents</c>.</summary>
internal static class StatusJson
{
    public static JsonObject From(OrchestrationMetadata metadata, bool showInput, IList<HistoryEvent>? history = null, bool showHistoryOutput = false)
    {
        var status = new JsonObject
        {
            ["name"] = metadata.Name,
            ["instanceId"] = metadata.InstanceId,
            ["runtimeStatus"] = metadata.RuntimeStatus.ToString(),
            ["input"] = showInput ? Parse(CallerInput(metadata.Name, metadata.SerializedInput)) : null,
            ["customStatus"] = Parse(metadata.SerializedCustomStatus),
            ["output"] = metadata.FailureDetails is { } failure ? JsonSerializer.SerializeToNode(failure, LoopSerialization.Options) : Parse(metadata.SerializedOutput),
            ["createdTime"] = Time(metadata.CreatedAt),
            ["lastUpdatedTime"] = Time(metadata.LastUpdatedAt),
        };
        if (history is not null)
        {
            status["historyEvents"] = HistoryView.From(history, metadata.Name, showInput, showHistoryOutput);
        }

        return status;
    }

    /// <summary>The input as its caller sent it. A loop run's stored input is the <see cref="LoopRunRequest"/> the host
    /// wraps around the caller's body (the loop file's path on this server, the trigger); only the caller's body is
    /// shown, as JSON text, or null when it sent none.</summary>
    public static string? CallerInput(string name, string? serializedInput)
    {
        if (serializedInput is null || !name.Equals(LoopActivityNames.Orchestrator, StringComparison.OrdinalIgnoreCase))
        {
            return serializedInput;
        }

        try
        {
            return JsonSerializer.Deserialize<LoopRunRequest>(serializedInput, LoopSerialization.Options) is { LoopFile: not null } request ? request.Input : serializedInput;
        }
        catch (JsonException)
        {
            return serializedInput;
        }
    }

    /// <summary>The loop a loop run belongs to (from the stored run request; every loop run's name is
    /// <c>LoopOrchestrator</c>), or null for another orchestration.</summary>
    public static string? LoopName(OrchestrationMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.SerializedInput is not { } input || !metadata.Name.Equals(LoopActivityNames.Orchestrator, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<LoopRunRequest>(input, LoopSerialization.Options)?.LoopName;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A stored payload as Durable Functions shows it: JSON text as its JSON value, blank text as an empty
    /// string, anything else as a string.</summary>
    public static JsonNode? Parse(string? serialized)
    {
        if (serialized is null)
        {
            return null;
        }

        var trimmed = serialized.Trim();
        if (trimmed.Length == 0)
        {
            return JsonValue.Create("");
        }

        try
        {
            return JsonNode.Parse(trimmed);
        }
        catch (JsonException)
        {
            return JsonValue.Create(serialized);
        }
    }

    /// <summary>Durable Functions' <c>createdTime</c>/<c>lastUpdatedTime</c>: UTC to the second, <c>2026-11-25T09:00:00Z</c>.</summary>
    public static string Time(DateTimeOffset value) =>
        value.UtcDateTime.ToString("s", CultureInfo.InvariantCulture) + "Z";
}
