namespace LoopFunctions.DurableTask.Sqlite.Signals;

/// <summary>
/// A broadcast wake-up without lost signals: a waiter takes <see cref="Next"/> before it looks for work, so a pulse
/// sent between its look and its wait still completes the task it waits on.
/// </summary>
internal sealed class AsyncPulse
{
    private TaskCompletionSource _next = NewSource();

    /// <summary>Completes at the next <see cref="Pulse"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
