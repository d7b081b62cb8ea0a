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

    /// <summary>Gives back <paramref name="count"/> slots; 0 gives back nothing (SemaphoreSlim itself refuses 0).</summary>
    public void ReleaseSlot(int count = 1)
    {
        if (count > 0)
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
