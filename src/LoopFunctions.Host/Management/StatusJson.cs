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
            ["input"] = showInput ? Parse(ShownInput(metadata.Name, metadata.SerializedInput)) : null,
            ["customStatus"] = Parse(metadata.SerializedCustomStatus),
            ["output"] = metadata.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? FailedOutput(metadata) : Parse(metadata.SerializedOutput),
            ["createdTime"] = Time(metadata.CreatedAt),
            ["lastUpdatedTime"] = Time(metadata.LastUpdatedAt),
        };
        if (history is not null)
        {
            status["historyEvents"] = HistoryView.From(history, metadata.Name, showInput, showHistoryOutput);
        }

        return status;
    }

    /// <summary>The orchestration's input as stored, as Durable Functions shows it. A loop run recorded before
    /// <see cref="LoopRunInput"/> stored a host wrapper (the loop file's path on this server, the caller's input
    /// encoded again as text); it is shown in today's shape instead (<see cref="LoopRunInput.Current"/>), so no
    /// server path shows and every loop run reads the same.</summary>
    public static string? ShownInput(string name, string? serializedInput)
    {
        if (ReadRunInput(name, serializedInput) is not { IsLegacy: true } legacy)
        {
            return serializedInput;
        }

        return JsonSerializer.Serialize(legacy.Current(), LoopSerialization.Options);
    }

    /// <summary>The loop a loop run belongs to (from its stored input, in either shape; every loop run's name is
    /// <c>LoopOrchestrator</c>), or null for another orchestration.</summary>
    public static string? LoopName(OrchestrationMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return ReadRunInput(metadata.Name, metadata.SerializedInput)?.LoopName;
    }

    /// <summary>A Failed instance's <c>output</c> as Durable Functions shows it: the text the engine stored as the
    /// orchestration's output (the failure's message), read as the extension reads any output; else the failure's
    /// <c>type: message</c>, the text Azure Storage stores.</summary>
    private static JsonNode? FailedOutput(OrchestrationMetadata metadata) =>
        metadata.SerializedOutput is { Length: > 0 } output ? Parse(output)
        : metadata.FailureDetails is { } failure ? JsonValue.Create($"{failure.ErrorType}: {failure.ErrorMessage}")
        : Parse(metadata.SerializedOutput);

    private static LoopRunInput? ReadRunInput(string name, string? serializedInput)
    {
        if (serializedInput is null || !name.Equals(LoopActivityNames.Orchestrator, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<LoopRunInput>(serializedInput, LoopSerialization.Options);
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
