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
        var forDispatcher = OrchestrationWork;
        foreach (var instanceId in InstancesWithMessages)
        {
            // An instance an extended session of this process holds gets its messages through that session; the
            // dispatcher's fetch is woken only for the others (a session that ends unlocks and wakes it then).
            if (!signals.PulseInstance(instanceId))
            {
                forDispatcher = true;
            }
        }

        if (forDispatcher)
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
