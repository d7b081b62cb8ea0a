namespace LoopFunctions.Durable;

/// <summary>No instance has the given id.</summary>
public sealed class OrchestrationNotFoundException : DurableTaskException
{
    public OrchestrationNotFoundException(string instanceId)
        : base($"No orchestration instance has id '{instanceId}'.")
    {
        InstanceId = instanceId;
    }

    public string InstanceId { get; }
}
