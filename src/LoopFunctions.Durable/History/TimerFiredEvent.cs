namespace LoopFunctions.Durable.History;

/// <summary>A durable timer fired; <paramref name="TimerId"/> is the id of its <see cref="TimerCreatedEvent"/>.</summary>
public sealed record TimerFiredEvent(DateTime Timestamp, int TimerId, DateTime FireAt) : HistoryEvent(-1, Timestamp);
