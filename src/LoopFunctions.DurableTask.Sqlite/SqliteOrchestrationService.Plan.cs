using DurableTask.Core;
using DurableTask.Core.History;
using LoopFunctions.DurableTask.Sqlite.Serialization;
using LoopFunctions.DurableTask.Sqlite.Storage;
using LoopFunctions.DurableTask.Sqlite.Work;

namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>Preparing a checkpoint outside the transaction: what to write, serialized, with payload limits applied.</summary>
public sealed partial class SqliteOrchestrationService
{
    private CheckpointPlan Plan(
        SqliteOrchestrationWorkItem item,
        OrchestrationRuntimeState state,
        IList<TaskMessage> outbound,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timers,
        OrchestrationState orchestrationState)
    {
        var executionId = state.OrchestrationInstance!.ExecutionId;
        var newExecution = !string.Equals(executionId, item.StoredExecutionId, StringComparison.Ordinal);
        IEnumerable<HistoryEvent> events = newExecution ? state.Events : state.NewEvents;
        var status = orchestrationState.OrchestrationStatus;
        var output = orchestrationState.Output;
        var custom = orchestrationState.Status;
        var failure = orchestrationState.FailureDetails;
        var activities = outbound.Where(m => SameExecution(m, executionId)).ToList();
        var timerList = timers.Where(m => SameExecution(m, executionId)).ToList();
        var others = orchestratorMessages.ToList();

        if (FindOversize(orchestrationState, newExecution, activities, others) is { } oversize)
        {
            var reason = $"Orchestration '{orchestrationState.Name}' (instance '{item.InstanceId}') produced {oversize}, over the limit of " +
                $"{Settings.MaxPayloadBytes} bytes (SqliteOrchestrationServiceSettings.MaxPayloadBytes); the instance is failed instead of storing it.";
            Log.OrchestrationPayloadTooLarge(_logger, item.InstanceId, oversize);
            if (item.IsEntity)
            {
                // An entity is never failed: the batch is abandoned, and after MaxDeliveryCount tries dropped (Poison).
                throw new PayloadTooLargeException(reason);
            }

            failure = new FailureDetails(typeof(PayloadTooLargeException).FullName!, reason, null, null, isNonRetriable: true);
            status = OrchestrationStatus.Failed;
            output = null;
            custom = Payloads.TooLarge(custom, Settings.MaxPayloadBytes) ? null : custom;
            events = events.Where(e => e is not ExecutionCompletedEvent && !TooLarge(e))
                .Append(new ExecutionCompletedEvent(-1, null, OrchestrationStatus.Failed, failure));
            activities = [];
            timerList = [];
            others = state.ParentInstance is { } parent
                ? [new TaskMessage
                {
                    OrchestrationInstance = parent.OrchestrationInstance,
                    Event = new SubOrchestrationInstanceFailedEvent(-1, parent.TaskScheduleId, reason, null, failure),
                }]
                : [];
        }

        var serialized = events.Select(e => ((int)e.EventType, DurableJson.Serialize(e))).ToList();
        var terminal = Statuses.IsTerminal(status);
        return new CheckpointPlan
        {
            ExecutionId = executionId,
            NewExecution = newExecution,
            SeqBase = newExecution ? 0 : state.Events.Count - state.NewEvents.Count,
            Events = serialized,
            Status = status,
            KeepLock = item.Session is not null && item.IsExtendedSession && !terminal,
            Name = orchestrationState.Name,
            Version = orchestrationState.Version,
            Input = newExecution ? orchestrationState.Input : null,
            Output = output,
            CustomStatus = custom,
            FailureJson = failure is null ? null : DurableJson.Serialize(failure),
            TagsJson = orchestrationState.Tags is { Count: > 0 } tags ? DurableJson.Serialize(tags) : null,
            CompletedAt = terminal ? Now : null,
            Activities = activities,
            Timers = timerList,
            OrchestratorMessages = others,
        };
    }

    private bool TooLarge(HistoryEvent e) => e switch
    {
        TaskScheduledEvent s => Payloads.TooLarge(s.Input, Settings.MaxPayloadBytes),
        SubOrchestrationInstanceCreatedEvent c => Payloads.TooLarge(c.Input, Settings.MaxPayloadBytes),
        EventSentEvent s => Payloads.TooLarge(s.Input, Settings.MaxPayloadBytes),
        ExecutionStartedEvent s => Payloads.TooLarge(s.Input, Settings.MaxPayloadBytes),
        ContinueAsNewEvent c => Payloads.TooLarge(c.Result, Settings.MaxPayloadBytes),
        _ => false,
    };

    /// <summary>What in this episode is over the payload limit, described for the failure; null when nothing is.</summary>
    private string? FindOversize(OrchestrationState state, bool newExecution, List<TaskMessage> activities, List<TaskMessage> others)
    {
        var limit = Settings.MaxPayloadBytes;
        if (Statuses.IsTerminal(state.OrchestrationStatus) && Payloads.TooLarge(state.Output, limit))
        {
            return $"an output of {Payloads.Size(state.Output)} bytes";
        }

        if (Payloads.TooLarge(state.Status, limit))
        {
            return $"a custom status of {Payloads.Size(state.Status)} bytes";
        }

        if (newExecution && Payloads.TooLarge(state.Input, limit))
        {
            return $"a continue-as-new input of {Payloads.Size(state.Input)} bytes";
        }

        foreach (var message in activities)
        {
            if (message.Event is TaskScheduledEvent scheduled && Payloads.TooLarge(scheduled.Input, limit))
            {
                return $"an input of {Payloads.Size(scheduled.Input)} bytes for activity '{scheduled.Name}'";
            }
        }

        foreach (var message in others)
        {
            var (payload, what) = message.Event switch
            {
                ExecutionStartedEvent started => (started.Input, $"sub-orchestration '{started.Name}'"),
                EventRaisedEvent raised => (raised.Input, $"event '{raised.Name}' sent to '{message.OrchestrationInstance?.InstanceId}'"),
                _ => (null, ""),
            };
            if (Payloads.TooLarge(payload, limit))
            {
                return $"an input of {Payloads.Size(payload)} bytes for {what}";
            }
        }

        return null;
    }

    private static bool SameExecution(TaskMessage message, string executionId) =>
        string.IsNullOrEmpty(message.OrchestrationInstance?.ExecutionId)
        || string.Equals(message.OrchestrationInstance.ExecutionId, executionId, StringComparison.Ordinal);
}
