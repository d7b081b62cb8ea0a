using Microsoft.Extensions.Logging;

namespace LoopFunctions.Durable;

/// <summary>Every log message of the engine. Event ids are stable: 1xxx worker, 2xxx orchestrations, 3xxx activities.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Durable worker started on task hub '{HubName}' ({Store}); {Orchestrations} orchestration and {Activities} activity slots.")]
    public static partial void WorkerStarted(this ILogger logger, string hubName, string store, int orchestrations, int activities);

    [LoggerMessage(1002, LogLevel.Information, "Durable worker stopping; waiting for {Count} running work items.")]
    public static partial void WorkerStopping(this ILogger logger, int count);

    [LoggerMessage(1003, LogLevel.Warning, "Polling the store for {Kind} work failed; retrying.")]
    public static partial void PollFailed(this ILogger logger, Exception exception, string kind);

    [LoggerMessage(2001, LogLevel.Debug, "Instance '{InstanceId}': episode with {MessageCount} messages ({Status}, cached: {Cached}).")]
    public static partial void EpisodeRun(this ILogger logger, string instanceId, int messageCount, OrchestrationRuntimeStatus status, bool cached);

    [LoggerMessage(2002, LogLevel.Error, "Instance '{InstanceId}' failed in the engine: {Reason}")]
    public static partial void InstanceFailedByEngine(this ILogger logger, string instanceId, string reason);

    [LoggerMessage(2003, LogLevel.Warning, "Instance '{InstanceId}': lock lost before the episode could be committed; another worker will redo it.")]
    public static partial void OrchestrationLockLost(this ILogger logger, string instanceId);

    [LoggerMessage(2004, LogLevel.Error, "Instance '{InstanceId}': episode failed and was abandoned; it will be retried.")]
    public static partial void EpisodeAbandoned(this ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(2005, LogLevel.Information, "Instance '{InstanceId}' ({Name}) is {Status}.")]
    public static partial void InstanceFinished(this ILogger logger, string instanceId, string? name, OrchestrationRuntimeStatus status);

    [LoggerMessage(3001, LogLevel.Warning, "Activity '{Name}' of '{InstanceId}' was delivered {Deliveries} times without completing; failing it as poison.")]
    public static partial void ActivityPoisoned(this ILogger logger, string name, string instanceId, int deliveries);

    [LoggerMessage(3002, LogLevel.Warning, "Activity '{Name}' of '{InstanceId}': lock lost; its result is discarded and the activity will run again.")]
    public static partial void ActivityLockLost(this ILogger logger, string name, string instanceId);

    [LoggerMessage(3003, LogLevel.Information, "Activity '{Name}' of '{InstanceId}' released on shutdown; it will run again.")]
    public static partial void ActivityReleased(this ILogger logger, string name, string instanceId);

    [LoggerMessage(3004, LogLevel.Error, "Activity '{Name}' of '{InstanceId}' could not be completed; it will be delivered again.")]
    public static partial void ActivityCompletionFailed(this ILogger logger, Exception exception, string name, string instanceId);
}
