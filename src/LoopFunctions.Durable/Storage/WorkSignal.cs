namespace LoopFunctions.Durable.Storage;

/// <summary>
/// The in-process half of <see cref="IWorkNotifier"/> for providers: a signal per work kind that remembers one
/// pulse, so a signal sent while the worker is busy polling is not lost.
/// </summary>
public sealed class WorkSignal
{
    private readonly SemaphoreSlim _orchestrations = new(0, 1);
    private readonly SemaphoreSlim _activities = new(0, 1);

    public void Signal(WorkKind kind)
    {
        var semaphore = For(kind);
        if (semaphore.CurrentCount == 0)
        {
            try
            {
                semaphore.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another thread pulsed first; one pulse is all a waiter needs.
            }
        }
    }

    public async Task WaitAsync(WorkKind kind, TimeSpan maxWait, CancellationToken cancellationToken) =>
        await For(kind).WaitAsync(maxWait, cancellationToken).ConfigureAwait(false);

    private SemaphoreSlim For(WorkKind kind) => kind == WorkKind.Orchestration ? _orchestrations : _activities;
}
