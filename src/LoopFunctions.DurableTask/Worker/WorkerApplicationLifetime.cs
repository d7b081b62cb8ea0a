using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LoopFunctions.DurableTask.Worker;

/// <summary>
/// <see cref="IHostApplicationLifetime"/> for a container that has no host (the CLI builds a plain service provider),
/// so activities can depend on the standard abstraction alone: <see cref="ApplicationStopping"/> is the worker's
/// stopping signal. Registered only when nothing else provides the service; a generic or web host keeps its own.
/// </summary>
internal sealed class WorkerApplicationLifetime(IServiceProvider services) : IHostApplicationLifetime
{
    // Resolved on first use: the worker lifetime itself asks the container for an IHostApplicationLifetime.
    private DurableWorkerLifetime Worker => services.GetRequiredService<DurableWorkerLifetime>();

    /// <summary>Never fires: without a host there is no "fully started" moment to report.</summary>
    public CancellationToken ApplicationStarted => CancellationToken.None;

    public CancellationToken ApplicationStopping => Worker.StoppingToken;

    /// <summary>Never fires: without a host nothing waits for the last shutdown step.</summary>
    public CancellationToken ApplicationStopped => CancellationToken.None;

    /// <summary>Signals running activities to stop, as a host's shutdown would; stopping the worker stays the owner's call.</summary>
    public void StopApplication() => Worker.Stop();
}
