namespace LoopFunctions.Durable;

/// <summary>An instance names an orchestrator this worker has not registered.</summary>
public sealed class OrchestratorNotFoundException : DurableTaskException
{
    public OrchestratorNotFoundException(string name)
        : base($"No orchestrator named '{name}' is registered with this worker.")
    {
        Name = name;
    }

    public string Name { get; }
}
