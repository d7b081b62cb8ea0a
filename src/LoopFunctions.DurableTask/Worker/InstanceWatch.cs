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

    /// <summary>Cancels <paramref name="terminated"/> once the instance is terminated, gone, or replaced by a new
    /// execution under the same id (a terminated run started again); returns when <paramref name="done"/> is cancelled
    /// (the activity finished).</summary>
    public static async Task RunAsync(IOrchestrationServiceClient client, OrchestrationInstance instance, CancellationTokenSource terminated, ILogger logger, CancellationToken done)
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
                // The read has no token of its own: a hung store must not hold the activity's result back.
                var states = await client.GetOrchestrationStateAsync(instance.InstanceId, allExecutions: false).WaitAsync(done).ConfigureAwait(false);
                if (states is null || states.Count == 0 || states.All(s => s is null || Superseded(s, instance)))
                {
                    await terminated.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
            catch (OperationCanceledException) when (done.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A busy or briefly unreachable store only delays the stop; the activity itself goes on.
                logger.InstanceWatchFailed(ex, instance.InstanceId);
            }
        }
    }

    // An execution id the store does not report (an older provider) cannot tell a restart apart: only the status counts.
    private static bool Superseded(OrchestrationState state, OrchestrationInstance instance) =>
        state.OrchestrationStatus == OrchestrationStatus.Terminated
        || (!string.IsNullOrEmpty(instance.ExecutionId) && !string.IsNullOrEmpty(state.OrchestrationInstance?.ExecutionId)
            && !string.Equals(state.OrchestrationInstance.ExecutionId, instance.ExecutionId, StringComparison.Ordinal));
}
