namespace LoopFunctions.Durable;

/// <summary>The operation needs a live instance but the instance has already completed, failed or been terminated (HTTP 410).</summary>
public sealed class OrchestrationNotRunningException : DurableTaskException
{
    public OrchestrationNotRunningException(string instanceId, OrchestrationRuntimeStatus status, string operation)
        : base($"Cannot {operation} instance '{instanceId}': it is {status}.")
    {
        InstanceId = instanceId;
        Status = status;
    }

    public string InstanceId { get; }

    public OrchestrationRuntimeStatus Status { get; }
}
