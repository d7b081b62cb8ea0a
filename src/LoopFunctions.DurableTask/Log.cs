using Microsoft.Extensions.Logging;

namespace LoopFunctions.DurableTask;

/// <summary>Every log message of the engine. Event ids are stable, in this assembly's range 1000-2999
/// (docs/logging.md): 1001-1099 worker and task hub, 2001-2099 orchestrations, 2101-2199 activities, 2201-2299 client, 2301-2399 entities.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Durable worker starting on task hub '{HubName}' ({Backend}): {Orchestrators} orchestrators, {Activities} activities.")]
    public static partial void WorkerStarting(this ILogger logger, string hubName, string backend, int orchestrators, int activities);

    [LoggerMessage(1002, LogLevel.Information, "Durable worker started.")]
    public static partial void WorkerStarted(this ILogger logger);

    [LoggerMessage(1003, LogLevel.Information, "Durable worker stopping: running activities got the stopping signal; waiting for running work items.")]
    public static partial void WorkerStopping(this ILogger logger);

    [LoggerMessage(1004, LogLevel.Information, "Durable worker stopped.")]
    public static partial void WorkerStopped(this ILogger logger);

    [LoggerMessage(1005, LogLevel.Warning, "Durable worker stop was cut short by the host; work items still running are released when their locks expire and run again.")]
    public static partial void WorkerStopCutShort(this ILogger logger);

    [LoggerMessage(1006, LogLevel.Debug, "Task hub '{HubName}' is ready ({Backend}).")]
    public static partial void TaskHubReady(this ILogger logger, string hubName, string backend);

    [LoggerMessage(1007, LogLevel.Information, "Durable worker dispatches {Entities} entities on task hub '{HubName}' (entity work items have their own queue).")]
    public static partial void WorkerEntities(this ILogger logger, string hubName, int entities);

    [LoggerMessage(2001, LogLevel.Warning, "Instance '{InstanceId}': no orchestrator named '{Name}' is registered with this worker; failing the instance.")]
    public static partial void OrchestratorNotFound(this ILogger logger, string instanceId, string name);

    [LoggerMessage(2002, LogLevel.Warning, "Instance '{InstanceId}': disposing the orchestrator's service scope failed.")]
    public static partial void OrchestrationScopeDisposeFailed(this ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(2101, LogLevel.Warning, "Instance '{InstanceId}': no activity named '{Name}' is registered with this worker; failing the activity.")]
    public static partial void ActivityNotFound(this ILogger logger, string instanceId, string name);

    [LoggerMessage(2102, LogLevel.Information, "Activity '{Name}' of '{InstanceId}' stopped because the worker is stopping; its work item is abandoned and runs again, not recorded as a failure.")]
    public static partial void ActivityAbandonedOnStop(this ILogger logger, string name, string instanceId);

    [LoggerMessage(2103, LogLevel.Information, "Activity '{Name}' of '{InstanceId}' stopped because its instance was terminated or purged.")]
    public static partial void ActivityStoppedOnTermination(this ILogger logger, string name, string instanceId);

    [LoggerMessage(2104, LogLevel.Debug, "Activity of '{InstanceId}': reading its instance's status failed; trying again.")]
    public static partial void InstanceWatchFailed(this ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(2201, LogLevel.Debug, "Scheduled instance '{InstanceId}' of '{Name}'.")]
    public static partial void InstanceScheduled(this ILogger logger, string instanceId, string name);

    [LoggerMessage(2301, LogLevel.Warning, "Entity '{InstanceId}': no entity named '{Name}' is registered with this worker; its operations fail and its state is kept.")]
    public static partial void EntityNotFound(this ILogger logger, string instanceId, string name);

    [LoggerMessage(2302, LogLevel.Information, "Entity '{InstanceId}': the state of its extended session's previous batch is not in memory; abandoning the work item so it runs again from the stored state.")]
    public static partial void EntityStateNotRemembered(this ILogger logger, string instanceId);
}
