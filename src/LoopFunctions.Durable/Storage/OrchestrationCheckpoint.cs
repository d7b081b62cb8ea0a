using LoopFunctions.Durable.History;

namespace LoopFunctions.Durable.Storage;

/// <summary>
/// Everything one orchestration episode writes. A provider commits it atomically, or in a documented order that is
/// safe to repeat: history, instance state, outbox and the deletion of the consumed messages.
/// </summary>
public sealed class OrchestrationCheckpoint
{
    /// <summary>The execution the new history belongs to.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>Events to append to the execution's history, in order.</summary>
    public required IReadOnlyList<HistoryEvent> NewEvents { get; init; }

    /// <summary>When true the execution's previous history is deleted first (continue-as-new).</summary>
    public bool ReplaceHistory { get; init; }

    /// <summary>The instance state after the episode.</summary>
    public required OrchestrationState State { get; init; }

    /// <summary>Activities to schedule: each a <see cref="TaskScheduledEvent"/> message for this instance.</summary>
    public IReadOnlyList<TaskMessage> ActivityRequests { get; init; } = [];

    /// <summary>Messages to instances, this one included: timers (with <see cref="TaskMessage.VisibleAt"/>),
    /// events sent, sub-orchestration starts (<see cref="ExecutionStartedEvent"/>) and results sent to a parent.</summary>
    public IReadOnlyList<TaskMessage> OrchestrationMessages { get; init; } = [];
}
