namespace LoopFunctions.DurableTask.Sqlite.Signals;

/// <summary>The wait between two empty looks at the file: doubling from 10 ms up to the configured maximum, back to
/// the minimum as soon as a signal or found work shows the worker is busy.</summary>
internal sealed class PollBackoff(TimeSpan max)
{
    private static readonly TimeSpan Min = TimeSpan.FromMilliseconds(10);
    private TimeSpan _next = Min;

    public void Reset() => _next = Min;

    public TimeSpan Next()
    {
        var wait = _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, max.Ticks));
        return wait < max ? wait : max;
    }
}
