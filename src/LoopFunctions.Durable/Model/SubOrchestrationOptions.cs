namespace LoopFunctions.Durable;

/// <summary>Options for a sub-orchestration: an explicit instance id; default is derived from the parent's id and
/// the call's sequence id, so it is the same on replay.</summary>
public sealed record SubOrchestrationOptions(string? InstanceId = null, RetryPolicy? Retry = null) : TaskOptions(Retry);
