namespace LoopFunctions.Durable.Worker;

/// <summary>A background loop that renews a lock until stopped.</summary>
internal sealed class LockRenewal : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LockRenewal(Func<CancellationToken, Task> loop) => _loop = Task.Run(() => loop(_stop.Token));

    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
