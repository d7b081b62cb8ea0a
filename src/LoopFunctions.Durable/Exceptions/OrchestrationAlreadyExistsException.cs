namespace LoopFunctions.Durable;

/// <summary>A start asked for an instance id that a live (pending, running or suspended) instance already has.</summary>
public sealed class OrchestrationAlreadyExistsException : DurableTaskException
{
    public OrchestrationAlreadyExistsException(string instanceId, OrchestrationRuntimeStatus status)
        : base($"An orchestration instance with id '{instanceId}' already exists and is {status}.")
    {
        InstanceId = instanceId;
        Status = status;
    }

    public string InstanceId { get; }

    public OrchestrationRuntimeStatus Status { get; }
}
