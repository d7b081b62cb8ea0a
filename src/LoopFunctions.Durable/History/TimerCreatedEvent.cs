namespace LoopFunctions.Durable.History;

/// <summary>The orchestrator created a durable timer.</summary>
public sealed record TimerCreatedEvent(int EventId, DateTime Timestamp, DateTime FireAt) : HistoryEvent(EventId, Timestamp);
