namespace LoopFunctions.Durable.Storage;

/// <summary>
/// Optional capability: a provider that can tell workers in this process that it stored new work, so they need not
/// wait for their next poll. Workers still poll, for work written by other processes and for timers coming due.
/// </summary>
public interface IWorkNotifier
{
    /// <summary>Completes when new work of the kind may be available, or after <paramref name="maxWait"/>.</summary>
    Task WaitForWorkAsync(WorkKind kind, TimeSpan maxWait, CancellationToken cancellationToken);
}
