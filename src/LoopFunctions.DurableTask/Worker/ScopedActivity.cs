using DurableTask.Core;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TaskActivity = DurableTask.Core.TaskActivity;

namespace LoopFunctions.DurableTask.Worker;

/// <summary>One execution of a registered activity: creates the <see cref="ITaskActivity"/> in its own DI scope,
/// runs it through the SDK's shim, and disposes the scope.</summary>
/// <remarks>
/// <para>An <see cref="OperationCanceledException"/> while the worker is stopping becomes DTFx's
/// <see cref="SessionAbortedException"/>, which the activity dispatcher answers by abandoning the work item instead
/// of recording a failure: the activity runs again on the next start.</para>
/// <para>While it runs, its instance is watched (<see cref="InstanceWatch"/>): terminated or purged, the activity's
/// stopping signal (<see cref="IHostApplicationLifetime.ApplicationStopping"/>, as the activity resolves it) fires,
/// so a step of a terminated run stops now and kills what it started. Its failure is then recorded for an instance
/// that no longer runs, which ignores it.</para>
/// </remarks>
internal sealed class ScopedActivity(
    string name,
    Func<IServiceProvider, ITaskActivity> factory,
    IServiceProvider services,
    DurableTaskShimFactory shims,
    DurableWorkerLifetime lifetime,
    ILogger logger) : TaskActivity
{
    public override string Run(TaskContext context, string input) =>
        throw new NotSupportedException("Activities run asynchronously.");

    public override async Task<string> RunAsync(TaskContext context, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var instanceId = context.OrchestrationInstance.InstanceId;
        var host = services.GetService<IHostApplicationLifetime>();
        using var terminated = new CancellationTokenSource();
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(lifetime.StoppingToken, host?.ApplicationStopping ?? CancellationToken.None, terminated.Token);
        using var done = new CancellationTokenSource();
        var watch = services.GetService<IOrchestrationServiceClient>() is { } client
            ? InstanceWatch.RunAsync(client, context.OrchestrationInstance, terminated, logger, done.Token)
            : Task.CompletedTask;
        var scope = services.CreateAsyncScope();
        try
        {
            await using (scope.ConfigureAwait(false))
            {
                var provider = host is null ? scope.ServiceProvider : new StepServices(scope.ServiceProvider, new StepLifetime(host, ended.Token));
                var shim = shims.CreateActivity(new TaskName(name), factory(provider));
                try
                {
                    return await shim.RunAsync(context, input).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (lifetime.IsStopping)
                {
                    logger.ActivityAbandonedOnStop(name, instanceId);
                    throw new SessionAbortedException($"Activity '{name}' stopped because the worker is stopping; it will run again.", ex);
                }
                catch (Exception) when (terminated.IsCancellationRequested)
                {
                    logger.ActivityStoppedOnTermination(name, instanceId);
                    throw;
                }
            }
        }
        finally
        {
            await done.CancelAsync().ConfigureAwait(false);
            await watch.ConfigureAwait(false);
        }
    }
}
