using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;

namespace LoopFunctions.Loops.Tests.TestSupport;

/// <summary>What an activity gets from a host, for calling one directly: its context and a host lifetime that is
/// not stopping.</summary>
internal static class TestActivity
{
    public static TaskActivityContext Context(string name, string instanceId = "run-1") => new ActivityContext(name, instanceId);

    public static IHostApplicationLifetime Lifetime { get; } = new NotStopping();

    private sealed class ActivityContext(TaskName name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name => name;

        public override string InstanceId => instanceId;
    }

    private sealed class NotStopping : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
