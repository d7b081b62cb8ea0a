using Microsoft.Extensions.Hosting;

namespace LoopFunctions.Loops.Tests.TestSupport;

/// <summary>A host that never stops: the activities' stopping token never fires.</summary>
internal sealed class NoLifetime : IHostApplicationLifetime
{
    public CancellationToken ApplicationStarted => CancellationToken.None;

    public CancellationToken ApplicationStopping => CancellationToken.None;

    public CancellationToken ApplicationStopped => CancellationToken.None;

    public void StopApplication()
    {
    }
}
