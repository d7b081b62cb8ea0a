namespace LoopFunctions.Durable.History;

/// <summary>Opens an episode; its timestamp is the orchestration's <c>CurrentUtcDateTime</c> during that episode.</summary>
public sealed record OrchestratorStartedEvent(DateTime Timestamp) : HistoryEvent(-1, Timestamp);
