namespace LoopFunctions.Durable.History;

/// <summary>A sub-orchestration failed or was terminated.</summary>
public sealed record SubOrchestrationInstanceFailedEvent(DateTime Timestamp, int TaskScheduledId, FailureDetails FailureDetails) : HistoryEvent(-1, Timestamp);
