using DurableTask.Core;
using DurableTask.Core.Entities;
using DurableTask.Core.History;
using LoopFunctions.DurableTask.Sqlite.Signals;
using LoopFunctions.DurableTask.Sqlite.Storage;
using LoopFunctions.DurableTask.Sqlite.Work;
using CoreEntities = DurableTask.Core.Common.Entities;

namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>
/// Durable entities (DTFx's <see cref="IEntityOrchestrationService"/>): '@name@key' instances with their own queue,
/// run by DTFx's <c>TaskEntityDispatcher</c> through the ordinary work-item protocol.
/// </summary>
/// <remarks>Delivery is already exactly-once and FIFO per target (the inbox id orders it, a checkpoint consumes exactly
/// its batch), so the reorder window is zero and DTFx skips its MessageSorter. See README.md, "Entities".</remarks>
public sealed partial class SqliteOrchestrationService : IEntityOrchestrationService
{
    private static readonly string LockNextAnySql = AnyKind(LockNextSql);
    private static readonly string DueAnySql = AnyKind(DueSql);

    private EntityBackendProperties? _entityProperties;
    private SqliteEntityQueries? _entityQueries;
    private int _entitiesInFlight;

    /// <summary>Reorder window 0 (exactly-once, ordered delivery), a separate entity queue (what makes DTFx's
    /// <c>TaskHubWorker</c> run its entity dispatcher), no implicit deletion, and no cap on signal delays (a delayed
    /// signal is an inbox row hidden until due).</summary>
    public EntityBackendProperties EntityBackendProperties => _entityProperties ??= new EntityBackendProperties
    {
        EntityMessageReorderWindow = TimeSpan.Zero,
        MaxEntityOperationBatchSize = Settings.MaxEntityOperationBatchSize,
        MaxConcurrentTaskEntityWorkItems = Settings.MaxConcurrentTaskEntityWorkItems,
        SupportsImplicitEntityDeletion = false,
        MaximumSignalDelayTime = TimeSpan.MaxValue,
        UseSeparateQueueForEntityWorkItems = true,
    };

    /// <summary>Get, query (keyset paging, prefix, last-modified bounds) and clean entities of this hub.</summary>
    public EntityBackendQueries EntityBackendQueries => _entityQueries ??= new SqliteEntityQueries(this);

    /// <summary>Like <see cref="LockNextTaskOrchestrationWorkItemAsync"/>, for orchestrations only (never an '@' id).</summary>
    public Task<TaskOrchestrationWorkItem> LockNextOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        LockNextAsync(receiveTimeout, cancellationToken, entities: false);

    /// <summary>Like <see cref="LockNextTaskOrchestrationWorkItemAsync"/>, for entities only ('@' ids). A first
    /// batch of a new entity gets the <see cref="ExecutionStartedEvent"/> DTFx expects (<c>Entities.AutoStart</c>).</summary>
    public Task<TaskOrchestrationWorkItem> LockNextEntityWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        LockNextAsync(receiveTimeout, cancellationToken, entities: true);

    internal string HubName => _hub;

    internal long UtcNowTicks => Now;

    internal Task<T> ReadStoreAsync<T>(Func<Db, T> work) => ReadAsync(work);

    /// <summary>A write by the entity queries, with its wake-ups published after the commit.</summary>
    internal async Task<T> WriteStoreAsync<T>(Func<Db, WriteEffects, T> work)
    {
        var effects = new WriteEffects();
        var result = await WriteAsync(db => work(db, effects)).ConfigureAwait(false);
        effects.Publish(_signals);
        await _store.FlushAsync().ConfigureAwait(false); // a client is told what it removed: on disk first (Durable mode)
        return result;
    }

    internal bool EnqueueMessage(Db db, TaskMessage message, WriteEffects effects) => Enqueue(db, message, 0L, effects);

    internal void PurgeInstance(Db db, string instanceId) => Purge(db, instanceId);

    private static string AnyKind(string sql) => sql.Replace("is_entity = $kind", "is_entity IN (0, 1)", StringComparison.Ordinal);

    private Task QueueSignal(bool? entities) => entities switch
    {
        true => _signals.Entities.Next,
        false => _signals.Orchestrations.Next,
        null => Task.WhenAny(_signals.Orchestrations.Next, _signals.Entities.Next),
    };

    private ref int InFlight(SqliteOrchestrationWorkItem item) => ref item.IsEntity ? ref _entitiesInFlight : ref _orchestrationsInFlight;

    /// <summary>Called by Enqueue for an '@' target, inside the write: entities take only EventRaised messages
    /// (terminate, suspend, rewind... are dropped), a delayed signal (<c>op@time</c>) stays hidden until due, and an
    /// unknown entity is created, Running (a Pending row would hold later messages behind a delayed first one).</summary>
    /// <returns>False when the message is dropped.</returns>
    private bool PrepareEntityMessage(Db db, TaskMessage message, ref long visibleAt)
    {
        var instanceId = message.OrchestrationInstance.InstanceId;
        if (message.Event is not EventRaisedEvent)
        {
            Log.MessageDropped(_logger, instanceId, message.Event.EventType, "entities take only entity messages (EventRaised)");
            return false;
        }

        if (instanceId.IndexOf('@', 1) <= 1)
        {
            Log.MessageDropped(_logger, instanceId, message.Event.EventType, "an entity id is '@name@key' with a name");
            return false;
        }

        if (CoreEntities.IsDelayedEntityMessage(message, out var due))
        {
            visibleAt = Math.Max(visibleAt, Ticks(due));
        }

        var now = Now;
        db.Exec(
            """
            INSERT INTO instances (hub, instance_id, execution_id, name, status, created_at, last_updated_at, history_count,
                dequeue_count, next_visible_at, is_entity)
            VALUES ($hub, $id, $exec, $name, 0, $now, $now, 0, 0, NULL, 1)
            ON CONFLICT (hub, instance_id) DO NOTHING
            """,
            ("$hub", _hub), ("$id", instanceId), ("$exec", Guid.NewGuid().ToString("N")), ("$name", EntityName(instanceId)), ("$now", now));
        return true;
    }

    /// <summary>A new entity's first batch: DTFx drops messages for an instance without an ExecutionStarted, so one is
    /// put first (in memory only: <see cref="SqliteOrchestrationWorkItem.MessageIds"/> stays the real inbox rows).</summary>
    private static void AutoStartEntity(string instanceId, List<HistoryEvent> history, List<TaskMessage> messages)
    {
        if (history.Count == 0 && messages.Count > 0 && CoreEntities.IsEntityInstance(instanceId)
            && !messages.Exists(m => m.Event is ExecutionStartedEvent))
        {
            CoreEntities.AutoStart(instanceId, messages);
        }
    }

    /// <summary>Terminating an entity is not supported (DTFx has no such thing); the call is ignored and logged.</summary>
    private bool IgnoredForEntity(string instanceId, string operation)
    {
        if (!CoreEntities.IsEntityInstance(instanceId))
        {
            return false;
        }

        Log.EntityOperationIgnored(_logger, instanceId, operation);
        return true;
    }

    private static string EntityName(string instanceId) => instanceId[1..instanceId.IndexOf('@', 1)];
}
