using DurableTask.Core;
using DurableTask.Core.History;
using LoopFunctions.DurableTask.Sqlite.Serialization;
using LoopFunctions.DurableTask.Sqlite.Signals;
using LoopFunctions.DurableTask.Sqlite.Storage;
using LoopFunctions.DurableTask.Sqlite.Work;

namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>Ending instances that cannot make progress: delivered too often (poison) or unreadable. Never a silent
/// loss, never an infinite retry: the instance fails with the reason in its FailureDetails and history, and its parent
/// is told.</summary>
public sealed partial class SqliteOrchestrationService
{
    /// <summary>Fails an instance whose work item was abandoned MaxDeliveryCount times in a row (processing it kept
    /// failing); inside the lock's write.</summary>
    private void FailAsPoison(Db db, string instanceId, long abandons, long now, WriteEffects effects)
    {
        if (instanceId is ['@', ..])
        {
            DropPoisonedEntityBatch(db, instanceId, abandons, now, effects);
            return;
        }

        var reason = $"The orchestration work item of instance '{instanceId}' was abandoned {abandons} times in a row without completing " +
            $"(processing it kept failing; MaxDeliveryCount = {Settings.MaxDeliveryCount}); the instance is failed as a poison message.";
        Log.PoisonOrchestration(_logger, instanceId, abandons);
        FailInstance(db, instanceId, new FailureDetails("PoisonMessage", reason, null, null, isNonRetriable: true), now, effects);
    }

    private async Task FailUnreadableAsync(LockedInstance locked, Exception error)
    {
        var reason = $"The stored history of instance '{locked.InstanceId}' cannot be read ({error.Message}); the instance is failed.";
        Log.UnreadableHistory(_logger, locked.InstanceId, error);
        var effects = new WriteEffects();
        await WriteAsync(db =>
        {
            if (db.Scalar("SELECT 1 FROM instances WHERE hub = $hub AND instance_id = $id AND lock_token = $token",
                ("$hub", _hub), ("$id", locked.InstanceId), ("$token", locked.LockToken)) is null)
            {
                return false;
            }

            FailInstance(db, locked.InstanceId, new FailureDetails("UnreadableHistory", reason, null, null, isNonRetriable: true), Now, effects, keepHistory: false);
            return true;
        }).ConfigureAwait(false);
        effects.Publish(_signals);
    }

    /// <summary>Marks the instance Failed and unlocked, ends its history with an <see cref="ExecutionCompletedEvent"/>
    /// (starting it with the pending start message when it never ran), drops its messages and activities, and tells
    /// its parent. Inside a write.</summary>
    private void FailInstance(Db db, string instanceId, FailureDetails failure, long now, WriteEffects effects, bool keepHistory = true)
    {
        string executionId;
        string? parentJson;
        long count;
        using (var reader = db.Query("SELECT execution_id, parent_json, history_count FROM instances WHERE hub = $hub AND instance_id = $id",
            ("$hub", _hub), ("$id", instanceId)))
        {
            if (!reader.Read())
            {
                return;
            }

            (executionId, parentJson, count) = (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2));
        }

        var events = new List<HistoryEvent>();
        if (!keepHistory)
        {
            db.Exec("DELETE FROM history WHERE hub = $hub AND instance_id = $id", ("$hub", _hub), ("$id", instanceId));
            count = 0;
        }

        if (count == 0 && db.Scalar("SELECT message_json FROM inbox WHERE hub = $hub AND instance_id = $id AND event_type = $type ORDER BY id LIMIT 1",
                ("$hub", _hub), ("$id", instanceId), ("$type", (int)EventType.ExecutionStarted)) is string start)
        {
            events.Add(DurableJson.ReadMessage(start).Event);
        }

        events.Add(new ExecutionCompletedEvent(-1, null, OrchestrationStatus.Failed, failure));
        foreach (var e in events)
        {
            db.Exec("INSERT OR REPLACE INTO history (hub, instance_id, execution_id, seq, event_type, event_json) VALUES ($hub, $id, $exec, $seq, $type, $json)",
                ("$hub", _hub), ("$id", instanceId), ("$exec", executionId), ("$seq", count++), ("$type", (int)e.EventType), ("$json", DurableJson.Serialize(e)));
        }

        db.Exec("DELETE FROM inbox WHERE hub = $hub AND instance_id = $id", ("$hub", _hub), ("$id", instanceId));
        db.Exec("DELETE FROM activities WHERE hub = $hub AND instance_id = $id", ("$hub", _hub), ("$id", instanceId));
        db.Exec(
            """
            UPDATE instances SET status = 3, failure_json = $failure, output = NULL, last_updated_at = $now, completed_at = $now,
                history_count = $count, next_visible_at = NULL, lock_token = NULL, lock_owner = NULL, lock_expires = 0, dequeue_count = 0
            WHERE hub = $hub AND instance_id = $id
            """,
            ("$hub", _hub), ("$id", instanceId), ("$failure", DurableJson.Serialize(failure)), ("$now", now), ("$count", count));
        effects.Completed = true;
        if (parentJson is not null)
        {
            var parent = DurableJson.Read<ParentInstance>(parentJson);
            Enqueue(db, new TaskMessage
            {
                OrchestrationInstance = parent.OrchestrationInstance,
                Event = new SubOrchestrationInstanceFailedEvent(-1, parent.TaskScheduleId, failure.ErrorMessage, null, failure),
            }, 0L, effects);
        }
    }
}
