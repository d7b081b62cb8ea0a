using System.Globalization;
using DurableTask.Core.Command;
using DurableTask.Core.History;

namespace LoopFunctions.DurableTask.Replay;

/// <summary>One-line descriptions of recorded events and new actions, in the same words so a mismatch reads as a pair.</summary>
internal static class HistoryDescriptions
{
    public static string? Describe(HistoryEvent? e) => e switch
    {
        null => null,
        TaskScheduledEvent t => Invariant($"TaskScheduled '{t.Name}' (id {t.EventId})"),
        TimerCreatedEvent t => Invariant($"TimerCreated (id {t.EventId})"),
        SubOrchestrationInstanceCreatedEvent s => Invariant($"SubOrchestrationInstanceCreated '{s.Name}' (id {s.EventId})"),
        EventSentEvent s => Invariant($"EventSent '{s.Name}' to '{s.InstanceId}' (id {s.EventId})"),
        ContinueAsNewEvent => "ContinueAsNew",
        ExecutionCompletedEvent c => Invariant($"ExecutionCompleted ({c.OrchestrationStatus})"),
        ExecutionStartedEvent s => $"ExecutionStarted '{s.Name}'",
        _ => Invariant($"{e.EventType} (id {e.EventId})"),
    };

    public static string? Describe(OrchestratorAction? action) => action switch
    {
        null => null,
        ScheduleTaskOrchestratorAction t => Invariant($"TaskScheduled '{t.Name}' (id {t.Id})"),
        CreateTimerOrchestratorAction t => Invariant($"TimerCreated (id {t.Id})"),
        CreateSubOrchestrationAction s => Invariant($"SubOrchestrationInstanceCreated '{s.Name}' (id {s.Id})"),
        SendEventOrchestratorAction s => Invariant($"EventSent '{s.EventName}' to '{s.Instance?.InstanceId}' (id {s.Id})"),
        OrchestrationCompleteOrchestratorAction { OrchestrationStatus: global::DurableTask.Core.OrchestrationStatus.ContinuedAsNew } => "ContinueAsNew",
        OrchestrationCompleteOrchestratorAction c => Invariant($"ExecutionCompleted ({c.OrchestrationStatus})"),
        _ => Invariant($"{action.OrchestratorActionType} (id {action.Id})"),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
