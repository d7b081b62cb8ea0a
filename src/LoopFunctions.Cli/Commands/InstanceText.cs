using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoopFunctions.Cli.Commands;

/// <summary>An instance as the host's management API returns it, in the lines the remote commands print.</summary>
internal static class InstanceText
{
    /// <summary>One line: id, status, loop phase and spend, and the outcome when it ended.</summary>
    public static string Describe(JsonNode instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var s = instance["customStatus"];
        var parts = new List<string> { $"{instance["instanceId"]}", $"{instance["runtimeStatus"]}" };
        if (s is JsonObject)
        {
            parts.Add($"loop {s["loop"]}, iteration {s["iteration"]}, {s["phase"]}");
            if (s["spent"] is JsonObject spent)
            {
                parts.Add($"{(long?)spent["inputTokens"] + (long?)spent["outputTokens"]} tokens, ${(decimal?)spent["costUsd"]:0.0000}");
            }
        }

        // A loop's output is its result object; a terminated run's is the reason it was given (a string), or null.
        switch (instance["output"])
        {
            case JsonObject { } result when result["outcome"] is { } outcome:
                parts.Add($"{outcome}: {result["reason"]}");
                break;
            case JsonValue reason when reason.GetValueKind() == JsonValueKind.String:
                parts.Add($"reason: {reason}");
                break;
        }

        return string.Join(" | ", parts);
    }

    /// <summary>The history as lines: time, event type, name, and a failure's message.</summary>
    public static IEnumerable<string> HistoryLines(JsonNode instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        foreach (var e in (instance["historyEvents"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var parts = new List<string> { $"  {e["Timestamp"]}", $"{e["EventType"]}" };
            if ((e["FunctionName"] ?? e["Name"]) is { } name)
            {
                parts.Add(name.ToString());
            }

            if (e["Reason"] is { } reason)
            {
                parts.Add(reason.ToString());
            }

            if (e["FailureDetails"] is JsonObject failure)
            {
                parts.Add($"{failure["ErrorType"]}: {failure["ErrorMessage"]}");
            }

            yield return string.Join(" ", parts);
        }
    }
}
