using DurableTask.Core;
using DurableTask.Core.History;
using LoopFunctions.DurableTask.Sqlite.Serialization;
using LoopFunctions.DurableTask.Sqlite.Signals;
using LoopFunctions.DurableTask.Sqlite.Storage;

namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>Storing messages for instances, inside a write: the inbox rows and the instance's <c>next_visible_at</c>.</summary>
public sealed partial class SqliteOrchestrationService
{
    /// <summary>Stores a message for an existing instance that still accepts messages (not terminal, except a rewind
    /// for a Failed instance). False when it was dropped: no such instance, or a terminal one.</summary>
    /// <remarks>A Pending instance's <c>next_visible_at</c> stays at its start message, so events raised before a
    /// scheduled start wait for it instead of being delivered (and dropped by DTFx) without the start.</remarks>
    private bool Enqueue(Db db, TaskMessage message, long visibleAt, WriteEffects effects)
    {
        var instanceId = message.OrchestrationInstance.InstanceId;
        if (instanceId is ['@', ..] && !PrepareEntityMessage(db, message, ref visibleAt))
        {
            return false;
        }

        var rewind = message.Event.EventType == EventType.ExecutionRewound;
        var accepted = db.Scalar(
            $"""
            UPDATE instances SET next_visible_at = CASE WHEN status = 6 AND next_visible_at IS NOT NULL THEN next_visible_at
                                                        ELSE min(coalesce(next_visible_at, $v), $v) END
            WHERE hub = $hub AND instance_id = $id AND (status NOT IN {Statuses.TerminalSql} OR ($rewind AND status = 3))
            RETURNING 1
            """,
            ("$hub", _hub), ("$id", instanceId), ("$v", visibleAt), ("$rewind", rewind)) is not null;
        if (!accepted)
        {
            Log.MessageDropped(_logger, instanceId, message.Event.EventType, "the instance does not exist or has ended");
            return false;
        }

        InsertInbox(db, message, visibleAt);
        effects.InstancesWithMessages.Add(instanceId);
        return true;
    }

    private void InsertInbox(Db db, TaskMessage message, long visibleAt) => db.Exec(
        "INSERT INTO inbox (hub, instance_id, execution_id, event_type, visible_at, message_json) VALUES ($hub, $id, $exec, $type, $v, $json)",
        ("$hub", _hub), ("$id", message.OrchestrationInstance.InstanceId), ("$exec", message.OrchestrationInstance.ExecutionId),
        ("$type", (int)message.Event.EventType), ("$v", visibleAt), ("$json", DurableJson.Serialize(message)));

    /// <summary>Creates the instance as Pending with its start message, replacing whatever had the id (its history,
    /// inbox and activities go; a holder of the old lock can no longer write).</summary>
    private void CreateOrReplace(Db db, TaskMessage message, WriteEffects effects)
    {
        var started = (ExecutionStartedEvent)message.Event;
        var instance = message.OrchestrationInstance;
        if (string.IsNullOrEmpty(instance.ExecutionId))
        {
            instance.ExecutionId = Guid.NewGuid().ToString("N");
        }

        if (started.OrchestrationInstance is null || string.IsNullOrEmpty(started.OrchestrationInstance.ExecutionId))
        {
            started.OrchestrationInstance = new OrchestrationInstance { InstanceId = instance.InstanceId, ExecutionId = instance.ExecutionId };
        }

        DeleteInstanceData(db, instance.InstanceId);
        var visibleAt = started.ScheduledStartTime is { } start ? Ticks(start) : 0L;
        var now = Now;
        db.Exec(
            """
            INSERT OR REPLACE INTO instances (hub, instance_id, execution_id, name, version, status, created_at, last_updated_at,
                scheduled_start_at, input, tags_json, parent_json, history_count, dequeue_count, next_visible_at, is_entity)
            VALUES ($hub, $id, $exec, $name, $version, 6, $created, $now, $scheduled, $input, $tags, $parent, 0, 0, $v, $entity)
            """,
            ("$hub", _hub), ("$id", instance.InstanceId), ("$exec", started.OrchestrationInstance.ExecutionId), ("$name", started.Name ?? ""),
            ("$version", started.Version), ("$created", now), ("$now", now), ("$scheduled", started.ScheduledStartTime is { } s ? Ticks(s) : null),
            ("$input", started.Input), ("$tags", started.Tags is { Count: > 0 } tags ? DurableJson.Serialize(tags) : null),
            ("$parent", started.ParentInstance is { } parent ? DurableJson.Serialize(parent) : null), ("$v", visibleAt),
            ("$entity", instance.InstanceId is ['@', ..]));
        InsertInbox(db, message, visibleAt);
        effects.InstancesWithMessages.Add(instance.InstanceId);
    }

    private void DeleteInstanceData(Db db, string instanceId)
    {
        db.Exec("DELETE FROM history WHERE hub = $hub AND instance_id = $id", ("$hub", _hub), ("$id", instanceId));
        db.Exec("DELETE FROM inbox WHERE hub = $hub AND instance_id = $id", ("$hub", _hub), ("$id", instanceId));
        db.Exec("DELETE FROM activities WHERE hub = $hub AND instance_id = $id", ("$hub", _hub), ("$id", instanceId));
    }

    private void RefreshNextVisible(Db db, string instanceId) => db.Exec(
        "UPDATE instances SET next_visible_at = (SELECT min(visible_at) FROM inbox WHERE hub = $hub AND instance_id = $id) WHERE hub = $hub AND instance_id = $id",
        ("$hub", _hub), ("$id", instanceId));

    /// <summary>The status of an instance, or null when there is none; inside a write.</summary>
    private OrchestrationStatus? StatusOf(Db db, string instanceId) =>
        db.Scalar("SELECT status FROM instances WHERE hub = $hub AND instance_id = $id", ("$hub", _hub), ("$id", instanceId)) is long status
            ? (OrchestrationStatus)status
            : null;

    private static string NewToken() => Guid.NewGuid().ToString("N");
}
