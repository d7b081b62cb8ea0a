using LoopFunctions.Durable.History;

namespace LoopFunctions.Durable.Storage;

/// <summary>
/// A message in an instance's inbox: a history event on its way to an orchestration.
/// </summary>
/// <param name="InstanceId">The instance it is for.</param>
/// <param name="ExecutionId">The execution it is for; null means whichever execution is current. Results of work
/// scheduled by an earlier execution carry that execution's id and are dropped by a newer one.</param>
/// <param name="Event">The event; <see cref="ExecutionStartedEvent"/> creates or replaces the instance.</param>
/// <param name="VisibleAt">Not delivered before this time (durable timers, scheduled starts). Null means now.</param>
public sealed record TaskMessage(string InstanceId, string? ExecutionId, HistoryEvent Event, DateTime? VisibleAt = null)
{
    /// <summary>The provider's id for a message read from its store; 0 for a message not yet stored.</summary>
    public long SequenceNumber { get; init; }
}
