namespace LoopFunctions.Durable.History;

/// <summary>Starts an execution: the orchestrator name, its serialized input and, for a sub-orchestration, its parent.</summary>
public sealed record ExecutionStartedEvent(
    DateTime Timestamp,
    string Name,
    string? Input,
    ParentInstanceInfo? ParentInstance = null,
    DateTime? ScheduledStartTime = null) : HistoryEvent(-1, Timestamp);
