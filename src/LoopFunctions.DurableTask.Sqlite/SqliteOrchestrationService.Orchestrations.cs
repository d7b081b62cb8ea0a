using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using LoopFunctions.DurableTask.Sqlite.Serialization;
using LoopFunctions.DurableTask.Sqlite.Signals;
using LoopFunctions.DurableTask.Sqlite.Storage;
using LoopFunctions.DurableTask.Sqlite.Work;

namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>The orchestration queue: locking the next instance with visible messages, renewing, abandoning, releasing.</summary>
public sealed partial class SqliteOrchestrationService
{
    private const string LockNextSql =
        """
        UPDATE instances SET lock_token = $token, lock_owner = $owner, lock_expires = $expires
        WHERE hub = $hub AND instance_id = (
            SELECT instance_id FROM instances
            WHERE hub = $hub AND is_entity = $kind AND next_visible_at <= $now AND lock_expires <= $now
            ORDER BY next_visible_at LIMIT 1)
        RETURNING instance_id, execution_id, status, dequeue_count
        """;

    private const string DueSql =
        "SELECT next_visible_at FROM instances WHERE hub = $hub AND is_entity = $kind AND next_visible_at IS NOT NULL AND lock_expires <= $now ORDER BY next_visible_at LIMIT 1";

    private const string LockOneSql =
        """
        UPDATE instances SET lock_token = $token, lock_owner = $owner, lock_expires = $expires
        WHERE hub = $hub AND instance_id = $only AND next_visible_at <= $now AND lock_expires <= $now
        RETURNING instance_id, execution_id, status, dequeue_count
        """;

    /// <remarks>Blocks until an instance has visible messages and no live lock, the receive timeout passes (null) or
    /// the worker stops (null at once). Woken by this process's commits, the earliest due message, and polls.
    /// Orchestrations and entities alike; DTFx uses it only for a backend without a separate entity queue, which this
    /// one is not (see <see cref="LockNextOrchestrationWorkItemAsync"/> and <see cref="LockNextEntityWorkItemAsync"/>).</remarks>
    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        LockNextAsync(receiveTimeout, cancellationToken, entities: null);

    /// <summary>The fetch loop of one queue: orchestrations (<paramref name="entities"/> false), entities (true) or both (null).</summary>
    private async Task<TaskOrchestrationWorkItem> LockNextAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken, bool? entities)
    {
        await EnsureStoreAsync().ConfigureAwait(false);
        WatchDispatcherToken(cancellationToken, entities == true);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Stopping);
        var token = linked.Token;
        var deadline = Now + Math.Min(receiveTimeout.Ticks, TimeSpan.FromDays(1).Ticks);
        var backoff = new PollBackoff(Settings.MaxQueuePollingInterval);
        while (!token.IsCancellationRequested)
        {
            // The signal is taken before the handoff queue and the file are looked at: a handoff queued (and pulsed)
            // after an empty look would otherwise wait for the next poll, its instance locked for this process.
            var signal = QueueSignal(entities);

            // Handoffs come from activity results, so they are never entities.
            if (entities != true && TakeOrchestrationHandoff() is { } handed && await LoadAsync(handed).ConfigureAwait(false) is { } handedItem)
            {
                return Deliver(handedItem);
            }

            var now = Now;
            var due = _store.Read(db => db.Scalar(entities is null ? DueAnySql : DueSql, ("$hub", _hub), ("$kind", entities == true), ("$now", now))) as long?;
            if (due <= now)
            {
                var effects = new WriteEffects();
                var locked = await _store.WriteAsync(db => LockInstance(db, null, effects, entities)).ConfigureAwait(false);
                effects.Publish(_signals);
                if (locked is not null && await LoadAsync(locked).ConfigureAwait(false) is { } item)
                {
                    return Deliver(item);
                }

                backoff.Reset();
                continue;
            }

            if (now >= deadline)
            {
                return null!;
            }

            var wait = TimeSpan.FromTicks(Math.Min(backoff.Next().Ticks, deadline - now));
            if (due is { } at)
            {
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks, at - now));
            }

            if (await WaitAsync(signal, wait, token).ConfigureAwait(false))
            {
                backoff.Reset();
            }
        }

        return null!;
    }

    /// <summary>Extends the lock if this holder still owns it, and sets <see cref="TaskOrchestrationWorkItem.LockedUntilUtc"/>.</summary>
    /// <exception cref="SessionAbortedException">The lock was lost (expired and taken, or the instance replaced).</exception>
    public async Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem)
    {
        var item = (SqliteOrchestrationWorkItem)workItem;
        var expires = await WriteAsync(db =>
        {
            var now = Now;
            var until = now + Settings.OrchestrationLockTimeout.Ticks;
            return db.Exec(
                "UPDATE instances SET lock_expires = $until WHERE hub = $hub AND instance_id = $id AND lock_token = $token AND lock_expires > $now",
                ("$hub", _hub), ("$id", item.InstanceId), ("$token", item.LockToken), ("$now", now), ("$until", until)) == 1 ? until : 0L;
        }).ConfigureAwait(false);
        if (expires == 0)
        {
            throw LockLost(item.InstanceId, "renewing its lock");
        }

        item.LockedUntilUtc = Utc(expires);
    }

    /// <summary>Unlocks the instance with a back-off that doubles with each abandon in a row (no hot loop) and counts
    /// the abandon; after <see cref="SqliteOrchestrationServiceSettings.MaxDeliveryCount"/> abandons without a
    /// checkpoint between them the instance fails as poison at its next lock.</summary>
    public async Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        var item = (SqliteOrchestrationWorkItem)workItem;
        await CloseFoldsAsync(item).ConfigureAwait(false);
        if (!item.LockHeld)
        {
            return;
        }

        item.LockHeld = false;
        _signals.ForgetInstance(item.InstanceId);
        await WriteAsync(db => db.Exec(
            """
            UPDATE instances SET lock_token = NULL, lock_owner = NULL, dequeue_count = dequeue_count + 1,
                lock_expires = $now + min($base * (1 << min(dequeue_count, 16)), $cap)
            WHERE hub = $hub AND instance_id = $id AND lock_token = $token
            """,
            ("$hub", _hub), ("$id", item.InstanceId), ("$token", item.LockToken), ("$now", Now),
            ("$base", Settings.AbandonBackoff.Ticks), ("$cap", TimeSpan.FromMinutes(1).Ticks))).ConfigureAwait(false);
        _signals.QueueOf(item.InstanceId).Pulse();
    }

    /// <summary>Drops a lock still held (an extended session ending, or an item that was not checkpointed);
    /// idempotent and owner-checked.</summary>
    public async Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        var item = (SqliteOrchestrationWorkItem)workItem;
        _signals.ForgetInstance(item.InstanceId);
        if (Interlocked.Exchange(ref item.Released, 1) == 0)
        {
            Interlocked.Decrement(ref InFlight(item));
        }

        await CloseFoldsAsync(item).ConfigureAwait(false);
        if (!item.LockHeld)
        {
            return;
        }

        item.LockHeld = false;
        await WriteAsync(db => db.Exec(
            "UPDATE instances SET lock_token = NULL, lock_owner = NULL, lock_expires = 0 WHERE hub = $hub AND instance_id = $id AND lock_token = $token",
            ("$hub", _hub), ("$id", item.InstanceId), ("$token", item.LockToken))).ConfigureAwait(false);
        _signals.QueueOf(item.InstanceId).Pulse();
    }

    private SqliteOrchestrationWorkItem Deliver(SqliteOrchestrationWorkItem item)
    {
        Interlocked.Increment(ref InFlight(item));
        return item;
    }

    /// <summary>Locks the next instance with visible messages (or only <paramref name="onlyInstanceId"/>) and reads its
    /// batch; discards messages to ended instances and fails poison instances on the way. Inside a write.</summary>
    private LockedInstance? LockInstance(Db db, string? onlyInstanceId, WriteEffects effects, bool? entities = false)
    {
        for (var attempt = 0; attempt < 32; attempt++)
        {
            var now = Now;
            var token = NewToken();
            var expires = now + Settings.OrchestrationLockTimeout.Ticks;
            string instanceId, executionId;
            OrchestrationStatus status;
            long abandons;
            using (var reader = db.Query(onlyInstanceId is not null ? LockOneSql : entities is null ? LockNextAnySql : LockNextSql,
                ("$hub", _hub), ("$now", now), ("$token", token), ("$owner", _owner), ("$expires", expires), ("$only", onlyInstanceId), ("$kind", entities == true)))
            {
                if (!reader.Read())
                {
                    return null;
                }

                (instanceId, executionId, status, abandons) =
                    (reader.GetString(0), reader.GetString(1), (OrchestrationStatus)reader.GetInt32(2), reader.GetInt64(3));
            }

            var limit = Settings.MaxMessagesPerEpisode;
            if (Statuses.IsTerminal(status))
            {
                // Only a rewind may reach an ended instance (a Failed one), and alone: DTFx drops a rewind batch with company.
                var discarded = db.Exec(
                    "DELETE FROM inbox WHERE hub = $hub AND instance_id = $id AND visible_at <= $now AND NOT ($failed AND event_type = $rewound)",
                    ("$hub", _hub), ("$id", instanceId), ("$now", now), ("$failed", status == OrchestrationStatus.Failed), ("$rewound", (int)EventType.ExecutionRewound));
                if (discarded > 0)
                {
                    Log.MessagesDiscarded(_logger, instanceId, discarded, status);
                }

                limit = 1;
            }
            else if (abandons >= Settings.MaxDeliveryCount)
            {
                FailAsPoison(db, instanceId, abandons, now, effects);
                continue;
            }

            var messages = new List<(long, string)>();
            using (var reader = db.Query(
                "SELECT id, message_json FROM inbox WHERE hub = $hub AND instance_id = $id AND visible_at <= $now ORDER BY id LIMIT $max",
                ("$hub", _hub), ("$id", instanceId), ("$now", now), ("$max", limit)))
            {
                while (reader.Read())
                {
                    messages.Add((reader.GetInt64(0), reader.GetString(1)));
                }
            }

            if (messages.Count == 0)
            {
                db.Exec("UPDATE instances SET lock_token = NULL, lock_owner = NULL, lock_expires = 0, dequeue_count = 0 WHERE hub = $hub AND instance_id = $id",
                    ("$hub", _hub), ("$id", instanceId));
                RefreshNextVisible(db, instanceId);
                if (onlyInstanceId is not null)
                {
                    return null;
                }

                continue;
            }

            return new LockedInstance(instanceId, executionId, token, expires, messages);
        }

        return null;
    }

    private SessionAbortedException LockLost(string instanceId, string doing)
    {
        Log.LockLost(_logger, instanceId, doing);
        return new SessionAbortedException(
            $"The lock on orchestration instance '{instanceId}' was lost before {doing} (it expired and was taken, or the instance was replaced or purged); nothing was written.");
    }
}
