using Microsoft.Extensions.Hosting;

namespace LoopFunctions.DurableTask.Worker;

/// <summary>
/// The worker's stopping signal, for activities: inject it and pass <see cref="StoppingToken"/> to long work.
/// </summary>
/// <remarks>
/// When the worker stops (<see cref="DurableEngineWorker.StopAsync"/>, or the host's
/// <see cref="IHostApplicationLifetime.ApplicationStopping"/>), the token is cancelled. An activity that then ends with
/// an <see cref="OperationCanceledException"/> is not recorded as failed: its work item is abandoned and the activity
/// runs again on the next start (or on another worker), spending no retry and no loop iteration. Activities are
/// at-least-once anyway; this only makes a deliberate stop cheap and honest.
/// </remarks>
public sealed class DurableWorkerLifetime : IDisposable
{
    private readonly CancellationToken _host;
    private readonly CancellationTokenSource _stopping;

    public DurableWorkerLifetime(IHostApplicationLifetime? hostLifetime = null)
    {
        _host = hostLifetime?.ApplicationStopping ?? CancellationToken.None;
        _stopping = CancellationTokenSource.CreateLinkedTokenSource(_host);
    }

    /// <summary>Cancelled when the worker (or its host) starts stopping.</summary>
    public CancellationToken StoppingToken => _stopping.Token;

    /// <summary>Whether the worker or its host is stopping. Read when an activity ends, so an activity that saw the
    /// host's own token first is still treated as stopped, not failed.</summary>
    public bool IsStopping => _stopping.IsCancellationRequested || _host.IsCancellationRequested;

    public void Dispose() => _stopping.Dispose();

    internal void Stop() => _stopping.Cancel();
}
