namespace LoopFunctions.Durable.History;

/// <summary>Where a sub-orchestration reports its result: the parent's instance, execution and the id of the
/// parent's <see cref="SubOrchestrationInstanceCreatedEvent"/>.</summary>
public sealed record ParentInstanceInfo(string InstanceId, string ExecutionId, int TaskScheduledId, string Name);
