namespace LoopFunctions.Durable;

/// <summary>The orchestrator code did not produce the actions its recorded history says it produced: the code changed while instances were in flight, or it is not deterministic. The message names the recorded and the new action.</summary>
public sealed class NonDeterministicOrchestrationException : DurableTaskException
{
    public NonDeterministicOrchestrationException(string instanceId, string message)
        : base($"Non-deterministic orchestrator in instance '{instanceId}': {message}")
    {
        InstanceId = instanceId;
    }

    public string InstanceId { get; }
}
