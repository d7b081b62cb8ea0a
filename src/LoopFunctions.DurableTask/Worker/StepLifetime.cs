using Microsoft.Extensions.Hosting;

namespace LoopFunctions.DurableTask.Worker;

/// <summary>
/// The <see cref="IHostApplicationLifetime"/> one activity execution is built with: the host's, except that
/// <see cref="ApplicationStopping"/> also fires when the activity's own instance is terminated or purged.
/// </summary>
/// <remarks>Activities take the host's stopping signal as their token (Microsoft.DurableTask's activity context carries
/// none), so this is how a terminated run's running step learns to stop: it kills its processes at once instead of
/// running on for a result nobody will read.</remarks>
internal sealed class StepLifetime(IHostApplicationLifetime host, CancellationToken stopping) : IHostApplicationLifetime
{
    public CancellationToken ApplicationStarted => host.ApplicationStarted;

    public CancellationToken ApplicationStopping => stopping;

    public CancellationToken ApplicationStopped => host.ApplicationStopped;

    public void StopApplication() => host.StopApplication();
}
