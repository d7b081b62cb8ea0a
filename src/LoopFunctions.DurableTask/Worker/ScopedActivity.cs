using DurableTask.Core;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TaskActivity = DurableTask.Core.TaskActivity;

namespace LoopFunctions.DurableTask.Worker;

/// <summary>One execution of a registered activity: creates the <see cref="ITaskActivity"/> in its own DI scope,
/// runs it through the SDK's shim, and disposes the scope.</summary>
/// <remarks>An <see cref="OperationCanceledException"/> while the worker is stopping becomes DTFx's
/// <see cref="SessionAbortedException"/>, which the activity dispatcher answers by abandoning the work item instead
/// of recording a failure: the activity runs again on the next start.</remarks>
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
        var scope = services.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var shim = shims.CreateActivity(new TaskName(name), factory(scope.ServiceProvider));
            try
            {
                return await shim.RunAsync(context, input).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (lifetime.IsStopping)
            {
                logger.ActivityAbandonedOnStop(name, context.OrchestrationInstance.InstanceId);
                throw new SessionAbortedException($"Activity '{name}' stopped because the worker is stopping; it will run again.", ex);
            }
        }
    }
}
