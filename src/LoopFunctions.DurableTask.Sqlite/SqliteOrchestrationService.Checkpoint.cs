using DurableTask.Core;
using DurableTask.Core.History;
using LoopFunctions.DurableTask.Sqlite.Serialization;
using LoopFunctions.DurableTask.Sqlite.Signals;
using LoopFunctions.DurableTask.Sqlite.Storage;
using LoopFunctions.DurableTask.Sqlite.Work;
using Microsoft.Data.Sqlite;

namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>The checkpoint: everything one orchestration work item produced, committed in one transaction.</summary>
public sealed partial class SqliteOrchestrationService
{
    /// <summary>
    /// Commits, fenced on this holder's lock token and expiry: the new history (appended; rewritten whole for a new
    /// execution), the instance row, the consumed messages (exactly the batch's rows), activity rows, timer messages
    /// (visible at their fire time), messages to other instances (creating sub-orchestrations), and the lock (kept for
    /// a live extended session, released otherwise).
    /// </summary>
    /// <exception cref="global::DurableTask.Core.Exceptions.SessionAbortedException">The lock was lost; nothing was written.</exception>
    /// <remarks>Activities and timers of a generation that continued-as-new in this same work item are not stored:
    /// DTFx would drop their results anyway. A payload over the limit fails the instance instead of being stored.</remarks>
    public async Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        var item = (SqliteOrchestrationWorkItem)workItem;
        var effects = new WriteEffects();
        if (orchestrationState is null || newOrchestrationRuntimeState?.OrchestrationInstance is null)
        {
            // DTFx dropped the work item (e.g. messages for an instance that never started): consume them, write nothing else.
            await _store.WriteAsync(db =>
            {
                FenceAndUnlock(db, item);
                DeleteFoldedActivities(db, item, Now);
                DeleteMessages(db, item.MessageIds);
                RefreshNextVisible(db, item.InstanceId);
                return true;
            }).ConfigureAwait(false);
            item.Folded = null;
            item.LockHeld = false;
            _signals.ForgetInstance(item.InstanceId);
            effects.Unlocked(item.InstanceId);
            effects.Publish(_signals);
            await CloseFoldsAsync(item).ConfigureAwait(false);
            return;
        }

        var plan = Plan(item, newOrchestrationRuntimeState, outboundMessages ?? [], orchestratorMessages ?? [], timerMessages ?? [], orchestrationState);
        var handoffCapacity = ActivityHandoffCapacity(plan.Activities.Count);
        var (until, handed) = await _store.WriteAsync(db => Checkpoint(db, item, plan, handoffCapacity, effects)).ConfigureAwait(false);
        item.StoredExecutionId = plan.ExecutionId;
        item.Folded = null;
        if (plan.KeepLock)
        {
            item.LockedUntilUtc = Utc(until);
            if (Settings.ExtendedSessionsEnabled)
            {
                // Before the activities are handed off: their results may come back before the session fetches again.
                OpenFolds(item);
            }
        }
        else
        {
            // Unlocked: from now on messages for it must wake the dispatcher, not this item's session.
            item.LockHeld = false;
            _signals.ForgetInstance(item.InstanceId);
            effects.Unlocked(item.InstanceId);
        }

        QueueActivityHandoffs(handed);
        effects.Publish(_signals);
        if (!plan.KeepLock)
        {
            await CloseFoldsAsync(item).ConfigureAwait(false);
        }
    }

    private (long Until, List<SqliteActivityWorkItem> Handed) Checkpoint(
        Db db, SqliteOrchestrationWorkItem item, CheckpointPlan plan, int handoffCapacity, WriteEffects effects)
    {
        var now = Now;
        var until = now + Settings.OrchestrationLockTimeout.Ticks;
        DeleteFoldedActivities(db, item, now); // first: a new execution deletes the old one's activity rows below
        if (plan.NewExecution)
        {
            db.Exec("DELETE FROM history WHERE hub = $hub AND instance_id = $id", ("$hub", _hub), ("$id", item.InstanceId));
            db.Exec("DELETE FROM activities WHERE hub = $hub AND instance_id = $id AND execution_id <> $exec",
                ("$hub", _hub), ("$id", item.InstanceId), ("$exec", plan.ExecutionId));
        }

        try
        {
            InsertHistory(db, item.InstanceId, plan.ExecutionId, plan.SeqBase, plan.Events);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            // The key (instance, execution, seq) is taken: another holder wrote this episode. Write nothing.
            throw LockLost(item.InstanceId, "its checkpoint (another worker already wrote these history rows)");
        }

        DeleteMessages(db, item.MessageIds);
        if (plan.IsTerminal)
        {
            // An ended instance takes no more messages (a rewind arrives later, on its own) and runs no more activities.
            db.Exec("DELETE FROM inbox WHERE hub = $hub AND instance_id = $id", ("$hub", _hub), ("$id", item.InstanceId));
            db.Exec("DELETE FROM activities WHERE hub = $hub AND instance_id = $id", ("$hub", _hub), ("$id", item.InstanceId));
            effects.Completed = true;
        }

        var handed = InsertActivities(db, plan.Activities, handoffCapacity, now, effects);
        foreach (var timer in plan.Timers)
        {
            var fireAt = timer.Event is TimerFiredEvent fired ? Ticks(fired.FireAt) : now;
            InsertInbox(db, timer, fireAt);
            effects.InstancesWithMessages.Add(item.InstanceId);
        }

        foreach (var message in plan.OrchestratorMessages)
        {
            Route(db, message, effects);
        }

        // Last, and fenced: if the lock is no longer this holder's, the exception rolls back everything above.
        var fenced = db.Exec(
            """
            UPDATE instances SET execution_id = $exec, name = coalesce($name, name), version = $version, status = $status,
                custom_status = $custom, output = $output, failure_json = $failure, tags_json = $tags, last_updated_at = $now,
                completed_at = $completed, history_count = $count, input = CASE WHEN $newExec THEN $input ELSE input END,
                dequeue_count = 0,
                lock_token = CASE WHEN $keep THEN lock_token END, lock_owner = CASE WHEN $keep THEN lock_owner END,
                lock_expires = CASE WHEN $keep THEN $until ELSE 0 END,
                next_visible_at = (SELECT min(visible_at) FROM inbox WHERE hub = $hub AND instance_id = $id)
            WHERE hub = $hub AND instance_id = $id AND lock_token = $token AND lock_expires > $now
            """,
            ("$hub", _hub), ("$id", item.InstanceId), ("$token", item.LockToken), ("$now", now), ("$exec", plan.ExecutionId),
            ("$name", plan.Name), ("$version", plan.Version), ("$status", (int)plan.Status), ("$custom", plan.CustomStatus),
            ("$output", plan.Output), ("$failure", plan.FailureJson), ("$tags", plan.TagsJson), ("$completed", plan.CompletedAt),
            ("$count", plan.SeqBase + plan.Events.Count), ("$newExec", plan.NewExecution), ("$input", plan.Input),
            ("$keep", plan.KeepLock), ("$until", until));
        if (fenced == 0)
        {
            throw LockLost(item.InstanceId, "its checkpoint");
        }

        return (until, handed);
    }

    /// <summary>Delivers a message an orchestration sent to another instance (or to itself, for a rewind).</summary>
    private void Route(Db db, TaskMessage message, WriteEffects effects)
    {
        if (message.Event is not ExecutionStartedEvent started)
        {
            Enqueue(db, message, 0L, effects);
            return;
        }

        var childId = message.OrchestrationInstance.InstanceId;
        var existing = StatusOf(db, childId);
        if (existing is null || Statuses.IsTerminal(existing.Value))
        {
            // Absent: created. Ended: replaced by the new execution, as a client start with that id would be.
            if (existing is not null)
            {
                Log.SubOrchestrationReplaced(_logger, childId, existing.Value);
            }

            CreateOrReplace(db, message, effects);
            return;
        }

        // A live instance has the id: the parent is answered at once instead of waiting for a start that cannot happen.
        Log.SubOrchestrationConflict(_logger, childId, existing.Value, started.ParentInstance?.OrchestrationInstance?.InstanceId ?? "");
        if (started.ParentInstance is { } parent)
        {
            var reason = $"An orchestration instance with ID '{childId}' already exists and is {existing.Value}: the sub-orchestration '{started.Name}' was not started.";
            var failed = new SubOrchestrationInstanceFailedEvent(-1, parent.TaskScheduleId, reason, null,
                new FailureDetails(typeof(global::DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException).FullName!, reason, null, null, isNonRetriable: true));
            Enqueue(db, new TaskMessage { OrchestrationInstance = parent.OrchestrationInstance, Event = failed }, 0L, effects);
        }
    }

    private void FenceAndUnlock(Db db, SqliteOrchestrationWorkItem item)
    {
        var now = Now;
        if (db.Exec(
                """
                UPDATE instances SET lock_token = NULL, lock_owner = NULL, lock_expires = 0, dequeue_count = 0
                WHERE hub = $hub AND instance_id = $id AND lock_token = $token AND lock_expires > $now
                """,
                ("$hub", _hub), ("$id", item.InstanceId), ("$token", item.LockToken), ("$now", now)) == 0)
        {
            throw LockLost(item.InstanceId, "consuming its messages");
        }
    }

    private static void DeleteMessages(Db db, List<long> ids)
    {
        if (ids.Count == 1)
        {
            db.Exec("DELETE FROM inbox WHERE id = $id", ("$id", ids[0]));
        }
        else if (ids.Count > 1)
        {
            db.Exec("DELETE FROM inbox WHERE id IN (SELECT value FROM json_each($ids))", ("$ids", "[" + string.Join(',', ids) + "]"));
        }
    }

    /// <summary>History rows in multi-row INSERTs of up to <see cref="HistoryRowsPerStatement"/> rows (one statement
    /// per typical episode instead of one per event).</summary>
    private void InsertHistory(Db db, string instanceId, string executionId, int seqBase, List<(int Type, string Json)> events)
    {
        for (var start = 0; start < events.Count; start += HistoryRowsPerStatement)
        {
            var count = Math.Min(HistoryRowsPerStatement, events.Count - start);
            var parameters = new (string, object?)[3 + (3 * count)];
            parameters[0] = ("$hub", _hub);
            parameters[1] = ("$id", instanceId);
            parameters[2] = ("$exec", executionId);
            for (var i = 0; i < count; i++)
            {
                parameters[3 + (3 * i)] = (RowParameters[i].Seq, seqBase + start + i);
                parameters[4 + (3 * i)] = (RowParameters[i].Type, events[start + i].Type);
                parameters[5 + (3 * i)] = (RowParameters[i].Json, events[start + i].Json);
            }

            db.Exec(HistoryInsertSql[count], parameters);
        }
    }

    private const int HistoryRowsPerStatement = 16;

    private static readonly (string Seq, string Type, string Json)[] RowParameters =
        [.. Enumerable.Range(0, HistoryRowsPerStatement).Select(i => ($"$s{i}", $"$t{i}", $"$j{i}"))];

    private static readonly string[] HistoryInsertSql =
        [.. Enumerable.Range(0, HistoryRowsPerStatement + 1).Select(n =>
            "INSERT INTO history (hub, instance_id, execution_id, seq, event_type, event_json) VALUES " +
            string.Join(", ", Enumerable.Range(0, n).Select(i => $"($hub, $id, $exec, $s{i}, $t{i}, $j{i})")))];
}
