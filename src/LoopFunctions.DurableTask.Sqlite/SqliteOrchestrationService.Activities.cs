using DurableTask.Core;
using DurableTask.Core.History;
using LoopFunctions.DurableTask.Sqlite.Serialization;
using LoopFunctions.DurableTask.Sqlite.Signals;
using LoopFunctions.DurableTask.Sqlite.Storage;
using LoopFunctions.DurableTask.Sqlite.Work;

namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>The activity queue: a table whose <c>visible_at</c> is the lease while a row is locked.</summary>
public sealed partial class SqliteOrchestrationService
{
    private const string LockActivitiesSql =
        """
        UPDATE activities SET lock_token = $token, lock_owner = $owner, visible_at = $expires, delivery_count = delivery_count + 1
        WHERE id IN (SELECT id FROM activities WHERE hub = $hub AND visible_at <= $now ORDER BY visible_at, id LIMIT $max)
        RETURNING id, instance_id, execution_id, task_id, name, delivery_count, message_json
        """;

    /// <remarks>Locks a batch when several are visible (up to the free capacity of this process) and queues the rest in
    /// memory, leased to this process, for the next calls.</remarks>
    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        await EnsureStoreAsync().ConfigureAwait(false);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Stopping);
        var token = linked.Token;
        var deadline = Now + Math.Min(receiveTimeout.Ticks, TimeSpan.FromDays(1).Ticks);
        var backoff = new PollBackoff(Settings.MaxQueuePollingInterval);
        while (!token.IsCancellationRequested)
        {
            // Both signals are taken before the handoff queue and the file are looked at (AsyncPulse's rule): a
            // handoff queued and pulsed just after an empty look would otherwise sit until the next poll (10 ms and
            // more), one step of a sequential run at a time.
            var signal = _signals.Activities.Next;
            var handoff = _activityHandoffPulse.Next;
            if (TakeActivityHandoff() is { } handed)
            {
                // An activity acts on the world: what scheduled it must survive a power loss first (Durable mode).
                try
                {
                    await _store.WhenDurableAsync(handed.SyncTicket).WaitAsync(token).ConfigureAwait(false);
                }
                catch
                {
                    // Not run: its lease expires and it is delivered again (after a failed sync, by the next process).
                    Interlocked.Decrement(ref _activitiesInFlight);
                    throw;
                }

                return handed;
            }

            var now = Now;
            long? due;
            if (_activityProbeSignal is { IsCompleted: false } && !(_activityProbeDue <= now))
            {
                // Nothing became visible in the file through this process since the last look (every such write
                // signals), and nothing it saw is due yet: no need to look again before waiting.
                due = _activityProbeDue;
            }
            else
            {
                due = _store.Read(db => db.Scalar(
                    "SELECT visible_at FROM activities WHERE hub = $hub ORDER BY visible_at LIMIT 1", ("$hub", _hub))) as long?;
                (_activityProbeSignal, _activityProbeDue) = (signal, due);
            }

            if (due <= now)
            {
                _activityProbeSignal = null;
                var max = Math.Max(1, ActivityHandoffCapacity(int.MaxValue));
                var effects = new WriteEffects();
                var locked = await _store.WriteAsync(db => LockActivities(db, max, effects)).ConfigureAwait(false);
                effects.Publish(_signals);
                QueueActivityHandoffs(locked);
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

            if (await WaitAsync(Task.WhenAny(signal, handoff), wait, token).ConfigureAwait(false))
            {
                backoff.Reset();
            }
            else
            {
                _activityProbeSignal = null; // a poll or a due time: look at the file next time
            }
        }

        return null!;
    }

    public async Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem)
    {
        var item = (SqliteActivityWorkItem)workItem;
        var expires = await WriteAsync(db =>
        {
            var now = Now;
            var until = now + Settings.ActivityLockTimeout.Ticks;
            return db.Exec("UPDATE activities SET visible_at = $until WHERE id = $row AND lock_token = $token AND visible_at > $now",
                ("$row", item.RowId), ("$token", item.LockToken), ("$now", now), ("$until", until)) == 1 ? until : 0L;
        }).ConfigureAwait(false);
        if (expires == 0)
        {
            Log.ActivityLeaseLost(_logger, item.TaskMessage.OrchestrationInstance.InstanceId, item.RowId, "renewing its lease");
            throw new global::DurableTask.Core.Exceptions.SessionAbortedException(
                $"The lease of activity work item {item.RowId} was lost (it expired and was delivered again); its result will be ignored.");
        }

        item.LockedUntilUtc = Utc(expires);
        return item;
    }

    /// <summary>Deletes the activity row, only if this lease still holds it, and stores the result for its instance in
    /// the same transaction; or, when an extended session of this service holds the instance, hands the result to it
    /// for its next checkpoint (see <c>SqliteOrchestrationService.Fold.cs</c>). A result over the payload limit is
    /// stored as a failure instead. A lost lease stores nothing (the activity was delivered again; that delivery's
    /// result counts).</summary>
    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        ArgumentNullException.ThrowIfNull(responseMessage);
        var item = (SqliteActivityWorkItem)workItem;
        var response = LimitResult(item, responseMessage);
        var handoff = CanHandOffOrchestration();
        Interlocked.Decrement(ref _activitiesInFlight);
        if (TryFold(item, response))
        {
            return;
        }

        if (!await StoreActivityResultAsync(item.RowId, item.LockToken, response, handoff).ConfigureAwait(false))
        {
            Log.ActivityLeaseLost(_logger, item.TaskMessage.OrchestrationInstance.InstanceId, item.RowId, "completing");
        }
    }

    /// <summary>Makes the activity visible again after a back-off that doubles with each delivery; past
    /// <see cref="SqliteOrchestrationServiceSettings.MaxDeliveryCount"/> deliveries it is answered as failed (poison).</summary>
    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        var item = (SqliteActivityWorkItem)workItem;
        var delay = Math.Min(Settings.AbandonBackoff.Ticks << Math.Min(Math.Max(item.DeliveryCount - 1, 0), 16), TimeSpan.FromMinutes(1).Ticks);
        await WriteAsync(db => db.Exec(
            "UPDATE activities SET lock_token = NULL, lock_owner = NULL, visible_at = $until WHERE id = $row AND lock_token = $token",
            ("$row", item.RowId), ("$token", item.LockToken), ("$until", Now + delay))).ConfigureAwait(false);
        Interlocked.Decrement(ref _activitiesInFlight);
        _signals.Activities.Pulse();
    }

    /// <summary>Locks up to <paramref name="max"/> visible activities; those delivered too often are answered as
    /// failed instead of being returned. Inside a write.</summary>
    private List<SqliteActivityWorkItem> LockActivities(Db db, int max, WriteEffects effects)
    {
        var now = Now;
        var token = NewToken();
        var expires = now + Settings.ActivityLockTimeout.Ticks;
        var locked = new List<SqliteActivityWorkItem>();
        var failed = new List<(long Row, string InstanceId, string ExecutionId, int TaskId, string Reason)>();
        using (var reader = db.Query(LockActivitiesSql,
            ("$hub", _hub), ("$now", now), ("$token", token), ("$owner", _owner), ("$expires", expires), ("$max", max)))
        {
            while (reader.Read())
            {
                var (row, instanceId, executionId, taskId, name, deliveries) =
                    (reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4), reader.GetInt32(5));
                if (deliveries > Settings.MaxDeliveryCount)
                {
                    Log.PoisonActivity(_logger, instanceId, name, deliveries - 1);
                    failed.Add((row, instanceId, executionId, taskId,
                        $"Activity '{name}' (task {taskId} of instance '{instanceId}') was delivered {deliveries - 1} times without completing " +
                        $"(its worker kept dying or abandoning it), more than MaxDeliveryCount = {Settings.MaxDeliveryCount}; it is failed as a poison message."));
                    continue;
                }

                try
                {
                    locked.Add(NewActivityItem(row, token, expires, deliveries, reader.GetString(6)));
                }
                catch (Newtonsoft.Json.JsonException ex)
                {
                    Log.UnreadableActivity(_logger, instanceId, row, ex);
                    failed.Add((row, instanceId, executionId, taskId, $"The stored request of activity '{name}' (task {taskId}) cannot be read: {ex.Message}"));
                }
            }
        }

        foreach (var (row, instanceId, executionId, taskId, reason) in failed)
        {
            db.Exec("DELETE FROM activities WHERE id = $row", ("$row", row));
            var failure = new TaskFailedEvent(-1, taskId, reason, null, new FailureDetails("PoisonMessage", reason, null, null, isNonRetriable: true));
            Enqueue(db, new TaskMessage { OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = executionId }, Event = failure }, 0L, effects);
        }

        return locked;
    }

    /// <summary>Inserts an episode's activity rows, the first <paramref name="lockCount"/> already leased to this process
    /// (delivery 1) for the handoff; inside the checkpoint's write.</summary>
    private List<SqliteActivityWorkItem> InsertActivities(Db db, List<TaskMessage> requests, int lockCount, long now, WriteEffects effects)
    {
        var locked = new List<SqliteActivityWorkItem>(Math.Min(lockCount, requests.Count));
        var token = lockCount > 0 ? NewToken() : null;
        var expires = now + Settings.ActivityLockTimeout.Ticks;
        foreach (var request in requests)
        {
            var scheduled = (TaskScheduledEvent)request.Event;
            var take = locked.Count < lockCount;
            var json = DurableJson.Serialize(request);
            var row = (long)db.Scalar(
                """
                INSERT INTO activities (hub, instance_id, execution_id, task_id, name, visible_at, lock_token, lock_owner, delivery_count, message_json)
                VALUES ($hub, $id, $exec, $task, $name, $visible, $token, $owner, $deliveries, $json) RETURNING id
                """,
                ("$hub", _hub), ("$id", request.OrchestrationInstance.InstanceId), ("$exec", request.OrchestrationInstance.ExecutionId ?? ""),
                ("$task", scheduled.EventId), ("$name", scheduled.Name ?? ""), ("$visible", take ? expires : 0L), ("$token", take ? token : null),
                ("$owner", take ? _owner : null), ("$deliveries", take ? 1 : 0), ("$json", json))!;
            if (take)
            {
                locked.Add(NewActivityItem(row, token!, expires, 1, request));
            }
            else
            {
                effects.ActivityWork = true;
            }
        }

        return locked;
    }

    private static SqliteActivityWorkItem NewActivityItem(long row, string token, long expires, int deliveries, string json) =>
        NewActivityItem(row, token, expires, deliveries, DurableJson.ReadMessage(json));

    private static SqliteActivityWorkItem NewActivityItem(long row, string token, long expires, int deliveries, TaskMessage message) => new()
    {
        Id = row.ToString(System.Globalization.CultureInfo.InvariantCulture),
        RowId = row,
        LockToken = token,
        DeliveryCount = deliveries,
        DeliveryAttempt = deliveries,
        LockedUntilUtc = Utc(expires),
        TaskMessage = message,
    };

    /// <summary>A result over the payload limit becomes a failure of that activity (never a truncated result).</summary>
    private TaskMessage LimitResult(SqliteActivityWorkItem item, TaskMessage response)
    {
        var (payload, taskId) = response.Event switch
        {
            TaskCompletedEvent c => (c.Result, c.TaskScheduledId),
            TaskFailedEvent f => (f.Details ?? f.Reason, f.TaskScheduledId),
            _ => (null, -1),
        };
        if (!Payloads.TooLarge(payload, Settings.MaxPayloadBytes))
        {
            return response;
        }

        var name = (item.TaskMessage.Event as TaskScheduledEvent)?.Name;
        var reason = $"Activity '{name}' (task {taskId} of instance '{response.OrchestrationInstance.InstanceId}') returned {Payloads.Size(payload)} bytes, " +
            $"over the limit of {Settings.MaxPayloadBytes} bytes (SqliteOrchestrationServiceSettings.MaxPayloadBytes); the result is not stored and the activity fails.";
        Log.ActivityPayloadTooLarge(_logger, response.OrchestrationInstance.InstanceId, name ?? "", Payloads.Size(payload));
        return new TaskMessage
        {
            OrchestrationInstance = response.OrchestrationInstance,
            Event = new TaskFailedEvent(-1, taskId, reason, null, new FailureDetails(typeof(PayloadTooLargeException).FullName!, reason, null, null, isNonRetriable: true)),
        };
    }
}
