namespace LoopFunctions.Durable.History;

/// <summary>A client terminated the instance; the reason becomes its output.</summary>
public sealed record ExecutionTerminatedEvent(DateTime Timestamp, string? Reason) : HistoryEvent(-1, Timestamp);
