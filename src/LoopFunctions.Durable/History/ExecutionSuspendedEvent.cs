namespace LoopFunctions.Durable.History;

/// <summary>A client suspended the instance: later events are recorded but not delivered to the code until it is resumed.</summary>
public sealed record ExecutionSuspendedEvent(DateTime Timestamp, string? Reason) : HistoryEvent(-1, Timestamp);
