namespace LoopFunctions.DurableTask;

/// <summary>No instance with this id exists in the task hub (HTTP hosts answer 404).</summary>
public sealed class OrchestrationNotFoundException : DurableTaskHostException
{
    public OrchestrationNotFoundException()
    {
    }

    public OrchestrationNotFoundException(string instanceId)
        : base($"No orchestration instance with id '{instanceId}' exists.")
    {
        InstanceId = instanceId;
    }

    public OrchestrationNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public string? InstanceId { get; }
}
