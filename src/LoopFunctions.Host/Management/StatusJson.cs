using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Host.Management;

/// <summary>The Durable Functions status JSON of an instance: <c>name, instanceId, runtimeStatus, input,
/// customStatus, output, createdTime, lastUpdatedTime, historyEvents</c>.</summary>
internal static class StatusJson
{
    public static JsonObject From(OrchestrationMetadata metadata, bool showInput, IList<HistoryEvent>? history = null, bool showHistoryOutput = false)
    {
        var status = new JsonObject
        {
            ["name"] = metadata.Name,
            ["instanceId"] = metadata.InstanceId,
            ["runtimeStatus"] = metadata.RuntimeStatus.ToString(),
            ["input"] = showInput ? Parse(metadata.SerializedInput) : null,
            ["customStatus"] = Parse(metadata.SerializedCustomStatus),
            ["output"] = metadata.FailureDetails is { } failure ? JsonSerializer.SerializeToNode(failure, Loops.LoopSerialization.Options) : Parse(metadata.SerializedOutput),
            ["createdTime"] = Time(metadata.CreatedAt.UtcDateTime),
            ["lastUpdatedTime"] = Time(metadata.LastUpdatedAt.UtcDateTime),
        };
        if (history is not null)
        {
            status["historyEvents"] = HistoryEvents(history, showHistoryOutput);
        }

        return status;
    }

    /// <summary>The history as Durable Functions shows it: no <c>OrchestratorStarted</c>/<c>OrchestratorCompleted</c>
    /// bookkeeping, each <c>TaskScheduled</c> folded into its completion with <c>FunctionName</c> and
    /// <c>ScheduledTime</c>; payloads (inputs, results) only with <c>showHistoryOutput=true</c>.</summary>
    public static JsonArray HistoryEvents(IList<HistoryEvent> history, bool showOutput)
    {
        var scheduled = history.OfType<TaskScheduledEvent>().ToDictionary(e => e.EventId);
        var subOrchestrations = history.OfType<SubOrchestrationInstanceCreatedEvent>().ToDictionary(e => e.EventId);
        var events = new JsonArray();
        foreach (var e in history)
        {
            var node = new JsonObject { ["EventType"] = e.EventType.ToString(), ["EventId"] = e.EventId, ["Timestamp"] = Time(e.Timestamp) };
            switch (e)
            {
                case OrchestratorStartedEvent or OrchestratorCompletedEvent or TaskScheduledEvent or SubOrchestrationInstanceCreatedEvent:
                    continue;
                case ExecutionStartedEvent started:
                    node["FunctionName"] = started.Name;
                    node["Input"] = showOutput ? Parse(started.Input) : null;
                    break;
                case ExecutionCompletedEvent completed:
                    node["OrchestrationStatus"] = completed.OrchestrationStatus.ToString();
                    node["Result"] = showOutput ? Parse(completed.Result) : null;
                    node["FailureDetails"] = completed.FailureDetails is { } details ? Failure(details) : null;
                    break;
                case TaskCompletedEvent done:
                    Fold(node, scheduled.GetValueOrDefault(done.TaskScheduledId));
                    node["Result"] = showOutput ? Parse(done.Result) : null;
                    break;
                case TaskFailedEvent failed:
                    Fold(node, scheduled.GetValueOrDefault(failed.TaskScheduledId));
                    node["Reason"] = failed.Reason;
                    node["FailureDetails"] = failed.FailureDetails is { } fd ? Failure(fd) : null;
                    break;
                case SubOrchestrationInstanceCompletedEvent child:
                    node["FunctionName"] = subOrchestrations.GetValueOrDefault(child.TaskScheduledId)?.Name;
                    node["Result"] = showOutput ? Parse(child.Result) : null;
                    break;
                case SubOrchestrationInstanceFailedEvent child:
                    node["FunctionName"] = subOrchestrations.GetValueOrDefault(child.TaskScheduledId)?.Name;
                    node["Reason"] = child.Reason;
                    break;
                case TimerCreatedEvent timer:
                    node["FireAt"] = Time(timer.FireAt);
                    break;
                case TimerFiredEvent timer:
                    node["FireAt"] = Time(timer.FireAt);
                    node["TimerId"] = timer.TimerId;
                    break;
                case EventRaisedEvent raised:
                    node["Name"] = raised.Name;
                    node["Input"] = showOutput ? Parse(raised.Input) : null;
                    break;
                case EventSentEvent sent:
                    node["Name"] = sent.Name;
                    node["InstanceId"] = sent.InstanceId;
                    break;
                case ExecutionTerminatedEvent terminated:
                    node["Input"] = showOutput ? Parse(terminated.Input) : null;
                    break;
            }

            events.Add(node);
        }

        return events;
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

    private static void Fold(JsonObject node, TaskScheduledEvent? scheduled)
    {
        node["FunctionName"] = scheduled?.Name;
        node["ScheduledTime"] = scheduled is null ? null : Time(scheduled.Timestamp);
    }

    private static JsonObject Failure(FailureDetails details) => new()
    {
        ["ErrorType"] = details.ErrorType,
        ["ErrorMessage"] = details.ErrorMessage,
        ["StackTrace"] = details.StackTrace,
    };

    private static string Time(DateTime value) =>
        DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
