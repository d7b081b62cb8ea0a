namespace LoopFunctions.Durable.History;

/// <summary>The orchestrator sent an event to another instance.</summary>
public sealed record EventSentEvent(int EventId, DateTime Timestamp, string InstanceId, string Name, string? Input) : HistoryEvent(EventId, Timestamp);
