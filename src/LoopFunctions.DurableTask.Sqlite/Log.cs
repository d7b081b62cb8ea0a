using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>The provider's log messages; event ids are stable (7100-7199, docs/logging.md).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7100, Level = LogLevel.Information, Message = "SQLite provider started on '{Path}', task hub '{Hub}', owner {Owner}")]
    public static partial void Started(ILogger logger, string path, string hub, string owner);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "SQLite provider stopped, task hub '{Hub}' (forced: {Forced})")]
    public static partial void Stopped(ILogger logger, string hub, bool forced);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Dropped a {EventType} message for instance '{InstanceId}': {Reason}")]
    public static partial void MessageDropped(ILogger logger, string instanceId, EventType eventType, string reason);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning, Message = "Discarded {Count} message(s) for instance '{InstanceId}', which is {Status}")]
    public static partial void MessagesDiscarded(ILogger logger, string instanceId, int count, OrchestrationStatus status);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Warning, Message = "Lost the lock on instance '{InstanceId}' before {Doing}; nothing was written")]
    public static partial void LockLost(ILogger logger, string instanceId, string doing);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Warning, Message = "Lost the lease of activity row {Row} of instance '{InstanceId}' before {Doing}; its result is ignored")]
    public static partial void ActivityLeaseLost(ILogger logger, string instanceId, long row, string doing);

    [LoggerMessage(EventId = 7106, Level = LogLevel.Error, Message = "Activity '{Name}' of instance '{InstanceId}' was delivered {Deliveries} times without completing: failed as poison")]
    public static partial void PoisonActivity(ILogger logger, string instanceId, string name, int deliveries);

    [LoggerMessage(EventId = 7107, Level = LogLevel.Error, Message = "The work item of instance '{InstanceId}' was abandoned {Abandons} times in a row: the instance is failed as poison")]
    public static partial void PoisonOrchestration(ILogger logger, string instanceId, long abandons);

    [LoggerMessage(EventId = 7108, Level = LogLevel.Error, Message = "Inbox row {Row} of instance '{InstanceId}' cannot be read and is dropped")]
    public static partial void UnreadableMessage(ILogger logger, string instanceId, long row, Exception exception);

    [LoggerMessage(EventId = 7109, Level = LogLevel.Error, Message = "The history of instance '{InstanceId}' cannot be read: the instance is failed")]
    public static partial void UnreadableHistory(ILogger logger, string instanceId, Exception exception);

    [LoggerMessage(EventId = 7110, Level = LogLevel.Error, Message = "Instance '{InstanceId}' produced {What}, over the payload limit: the instance is failed")]
    public static partial void OrchestrationPayloadTooLarge(ILogger logger, string instanceId, string what);

    [LoggerMessage(EventId = 7111, Level = LogLevel.Error, Message = "Activity '{Name}' of instance '{InstanceId}' returned {Bytes} bytes, over the payload limit: the activity fails")]
    public static partial void ActivityPayloadTooLarge(ILogger logger, string instanceId, string name, int bytes);

    [LoggerMessage(EventId = 7112, Level = LogLevel.Information, Message = "Sub-orchestration '{InstanceId}' replaces an earlier instance with that id, which was {Status}")]
    public static partial void SubOrchestrationReplaced(ILogger logger, string instanceId, OrchestrationStatus status);

    [LoggerMessage(EventId = 7113, Level = LogLevel.Warning, Message = "Sub-orchestration '{InstanceId}' not started: an instance with that id is {Status}; parent '{ParentId}' is answered with a failure")]
    public static partial void SubOrchestrationConflict(ILogger logger, string instanceId, OrchestrationStatus status, string parentId);

    [LoggerMessage(EventId = 7114, Level = LogLevel.Warning, Message = "Process {Owner} died holding {Instances} instance lock(s) and {Activities} activity lease(s): taken over at once")]
    public static partial void DeadOwnerTakenOver(ILogger logger, string owner, int instances, int activities);

    [LoggerMessage(EventId = 7116, Level = LogLevel.Error, Message = "Activity row {Row} of instance '{InstanceId}' cannot be read: the activity is failed")]
    public static partial void UnreadableActivity(ILogger logger, string instanceId, long row, Exception exception);

    [LoggerMessage(EventId = 7117, Level = LogLevel.Error, Message = "The work item of entity '{EntityId}' was abandoned {Abandons} times in a row: its {Count} message(s) are dropped ({Answered} caller(s) answered with an error); the entity keeps its state")]
    public static partial void EntityBatchPoisoned(ILogger logger, string entityId, long abandons, int count, int answered);

    [LoggerMessage(EventId = 7118, Level = LogLevel.Warning, Message = "Ignored {Operation} of entity '{EntityId}': entities cannot be terminated, suspended, rewound or purged as instances")]
    public static partial void EntityOperationIgnored(ILogger logger, string entityId, string operation);

    [LoggerMessage(EventId = 7115, Level = LogLevel.Warning, Message = "Checking for dead lock owners failed")]
    public static partial void OwnerCheckFailed(ILogger logger, Exception exception);
}
