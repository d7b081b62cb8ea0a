using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.DurableTask.Worker;

/// <summary>Watches, while one activity runs, whether its instance was terminated or purged: DTFx lets an activity
/// of a terminated instance run to its end (an agent step: many minutes of a model and a process tree), so the
/// worker reads the instance's status and stops the activity itself.</summary>
/// <remarks>Read from the store, not from the terminating call: <c>loopfn terminate</c>, the dashboard and another
/// host all terminate through the store, and any of them may be another process.</remarks>
internal static class InstanceWatch
{
    /// <summary>How often the status is read: a terminated step stops within about this long.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Cancels <paramref name="ended"/> once the instance is terminated or gone; returns when
    /// <paramref name="done"/> is cancelled (the activity finished).</summary>
    public static async Task RunAsync(IOrchestrationServiceClient client, string instanceId, CancellationTokenSource ended, ILogger logger, CancellationToken done)
    {
        while (!done.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, done).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                var states = await client.GetOrchestrationStateAsync(instanceId, allExecutions: false).ConfigureAwait(false);
                if (states is null || states.Count == 0 || states.All(s => s is null || s.OrchestrationStatus == OrchestrationStatus.Terminated))
                {
                    await ended.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A busy or briefly unreachable store only delays the stop; the activity itself goes on.
                logger.InstanceWatchFailed(ex, instanceId);
            }
        }
    }
}
