namespace LoopFunctions.Durable.History;

/// <summary>The orchestrator scheduled activity <paramref name="Name"/>.</summary>
public sealed record TaskScheduledEvent(int EventId, DateTime Timestamp, string Name, string? Input) : HistoryEvent(EventId, Timestamp);
