namespace LoopFunctions.Durable.History;

/// <summary>A sub-orchestration completed.</summary>
public sealed record SubOrchestrationInstanceCompletedEvent(DateTime Timestamp, int TaskScheduledId, string? Result) : HistoryEvent(-1, Timestamp);
