using LoopFunctions.Durable.Storage;

namespace LoopFunctions.Durable.Worker;

/// <summary>Waits between empty polls: woken at once by an in-process notifier, otherwise doubling from 10 ms up to
/// the configured maximum, so an idle worker costs little and a busy one polls without delay.</summary>
internal sealed class PollingBackoff(IDurableStore store, WorkKind kind, TimeSpan max, TimeProvider time)
{
    private static readonly TimeSpan Min = TimeSpan.FromMilliseconds(10);
    private TimeSpan _next = Min;

    public void Reset() => _next = Min;

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        var wait = _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, max.Ticks));
        if (store is IWorkNotifier notifier)
        {
            await notifier.WaitForWorkAsync(kind, wait, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
