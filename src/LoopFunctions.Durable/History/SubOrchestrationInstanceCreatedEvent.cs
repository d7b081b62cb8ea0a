namespace LoopFunctions.Durable.History;

/// <summary>The orchestrator started a sub-orchestration.</summary>
public sealed record SubOrchestrationInstanceCreatedEvent(int EventId, DateTime Timestamp, string Name, string InstanceId, string? Input) : HistoryEvent(EventId, Timestamp);
