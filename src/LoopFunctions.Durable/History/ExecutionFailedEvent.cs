namespace LoopFunctions.Durable.History;

/// <summary>The orchestrator threw, or the engine could not run it (nondeterminism, unknown name, corrupt history).</summary>
public sealed record ExecutionFailedEvent(DateTime Timestamp, FailureDetails FailureDetails) : HistoryEvent(-1, Timestamp);
