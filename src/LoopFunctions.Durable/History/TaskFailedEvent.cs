namespace LoopFunctions.Durable.History;

/// <summary>An activity threw, timed out of its deliveries (poison), or was not registered.</summary>
public sealed record TaskFailedEvent(DateTime Timestamp, int TaskScheduledId, FailureDetails FailureDetails) : HistoryEvent(-1, Timestamp);
