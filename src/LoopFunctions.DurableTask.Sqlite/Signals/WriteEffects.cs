namespace LoopFunctions.DurableTask.Sqlite.Signals;

/// <summary>What a write stored that someone in this process may be waiting for; signalled after the commit.</summary>
internal sealed class WriteEffects
{
    public HashSet<string> InstancesWithMessages { get; } = new(StringComparer.Ordinal);

    public bool OrchestrationWork { get; set; }

    public bool ActivityWork { get; set; }

    public bool Completed { get; set; }

    public void Publish(SignalHub signals)
    {
        foreach (var instanceId in InstancesWithMessages)
        {
            signals.PulseInstance(instanceId);
        }

        if (OrchestrationWork || InstancesWithMessages.Count > 0)
        {
            signals.Orchestrations.Pulse();
        }

        if (ActivityWork)
        {
            signals.Activities.Pulse();
        }

        if (Completed)
        {
            signals.Completions.Pulse();
        }
    }
}
