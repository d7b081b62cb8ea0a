namespace LoopFunctions.DurableTask.Sqlite.Signals;

/// <summary>What a write stored that someone in this process may be waiting for; signalled after the commit.</summary>
internal sealed class WriteEffects
{
    public HashSet<string> InstancesWithMessages { get; } = new(StringComparer.Ordinal);

    public bool OrchestrationWork { get; set; }

    /// <summary>An entity was unlocked or may have work: wakes the entity dispatcher's fetch.</summary>
    public bool EntityWork { get; set; }

    public bool ActivityWork { get; set; }

    public bool Completed { get; set; }

    /// <summary>An instance was unlocked: its dispatcher (orchestration or entity) may lock it again.</summary>
    public void Unlocked(string instanceId)
    {
        if (global::DurableTask.Core.Common.Entities.IsEntityInstance(instanceId))
        {
            EntityWork = true;
        }
        else
        {
            OrchestrationWork = true;
        }
    }

    public void Publish(SignalHub signals)
    {
        var forDispatcher = OrchestrationWork;
        var forEntities = EntityWork;
        foreach (var instanceId in InstancesWithMessages)
        {
            // An instance an extended session of this process holds gets its messages through that session; the
            // dispatcher's fetch is woken only for the others (a session that ends unlocks and wakes it then).
            if (!signals.PulseInstance(instanceId))
            {
                if (global::DurableTask.Core.Common.Entities.IsEntityInstance(instanceId))
                {
                    forEntities = true;
                }
                else
                {
                    forDispatcher = true;
                }
            }
        }

        if (forDispatcher)
        {
            signals.Orchestrations.Pulse();
        }

        if (forEntities)
        {
            signals.Entities.Pulse();
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
