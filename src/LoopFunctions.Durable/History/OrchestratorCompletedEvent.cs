namespace LoopFunctions.Durable.History;

/// <summary>Closes an episode.</summary>
public sealed record OrchestratorCompletedEvent(DateTime Timestamp) : HistoryEvent(-1, Timestamp);
