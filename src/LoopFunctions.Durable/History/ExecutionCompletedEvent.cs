namespace LoopFunctions.Durable.History;

/// <summary>The orchestrator returned; <paramref name="Result"/> is its serialized output.</summary>
public sealed record ExecutionCompletedEvent(DateTime Timestamp, string? Result) : HistoryEvent(-1, Timestamp);
