namespace LoopFunctions.Durable.Worker;

/// <summary>Bounds how many work items run at once and lets shutdown wait for those still running.</summary>
internal sealed class WorkTracker(int maxConcurrency)
{
    private readonly SemaphoreSlim _slots = new(maxConcurrency, maxConcurrency);
    private readonly Lock _lock = new();
    private readonly HashSet<Task> _running = [];

    public int RunningCount
    {
        get
        {
            lock (_lock)
            {
                return _running.Count;
            }
        }
    }

    public int FreeSlots => _slots.CurrentCount;

    public Task WaitForSlotAsync(CancellationToken cancellationToken) => _slots.WaitAsync(cancellationToken);

    /// <summary>Takes up to <paramref name="max"/> further free slots without waiting; returns how many.</summary>
    public int TakeFreeSlots(int max)
    {
        var taken = 0;
        while (taken < max && _slots.Wait(0))
        {
            taken++;
        }

        return taken;
    }

    /// <param name="count">How many slots to give back.</param>
    /// <param name="allowZero">Whether a count of 0 is a no-op (SemaphoreSlim refuses to release nothing).</param>
    public void ReleaseSlot(int count = 1, bool allowZero = false)
    {
        if (count > 0 || !allowZero)
        {
            _slots.Release(count);
        }
    }

    /// <summary>Tracks a started work item; its slot is released when it ends.</summary>
    public void Track(Task work)
    {
        lock (_lock)
        {
            _running.Add(work);
        }

        work.ContinueWith(
            t =>
            {
                lock (_lock)
                {
                    _running.Remove(t);
                }

                _slots.Release();
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public Task DrainAsync()
    {
        lock (_lock)
        {
            return Task.WhenAll(_running.ToArray());
        }
    }
}
