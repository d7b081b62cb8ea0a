using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Middleware;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.DurableTask.Worker;

/// <summary>Answers a request for an activity this worker does not have with a non-retriable
/// <c>ActivityTaskNotFound</c> failure, as the SDK's own worker does; DTFx alone would throw and retry the work
/// item forever.</summary>
internal sealed class ActivityMiddleware(ILogger logger)
{
    public const string NotFoundErrorType = "ActivityTaskNotFound";

    public Task InvokeAsync(DispatchMiddlewareContext context, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.GetProperty<TaskActivity>() is not null)
        {
            return next();
        }

        var scheduled = context.GetProperty<TaskScheduledEvent>();
        var instance = context.GetProperty<OrchestrationInstance>();
        logger.ActivityNotFound(instance?.InstanceId ?? "", scheduled.Name ?? "");
        var message = $"No activity named '{scheduled.Name}' is registered with this worker.";
        context.SetProperty(new ActivityExecutionResult
        {
            ResponseEvent = new TaskFailedEvent(-1, scheduled.EventId, message, null,
                new FailureDetails(NotFoundErrorType, message, null, null, isNonRetriable: true)),
        });
        return Task.CompletedTask;
    }
}
