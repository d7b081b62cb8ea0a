using DurableTask.Core;
using DurableTask.Core.History;
using LoopFunctions.DurableTask.Sqlite.Serialization;
using LoopFunctions.DurableTask.Sqlite.Signals;
using LoopFunctions.DurableTask.Sqlite.Storage;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>Poison for entities: never fail one. A Failed entity would drop every later message, and a budget pool
/// (or any shared counter) must outlive one bad batch, so the batch goes instead of the entity.</summary>
public sealed partial class SqliteOrchestrationService
{
    /// <summary>Drops the messages of the batch an entity's work item kept failing on (the visible ones, the batch the
    /// next lock would deliver), answers the callers among them with an error so no orchestration waits forever,
    /// and unlocks the entity with its state as the last good checkpoint left it. Inside the lock's write.</summary>
    private void DropPoisonedEntityBatch(Db db, string instanceId, long abandons, long now, WriteEffects effects)
    {
        var batch = new List<(long Id, string Json)>();
        using (var reader = db.Query(
            "SELECT id, message_json FROM inbox WHERE hub = $hub AND instance_id = $id AND visible_at <= $now ORDER BY id LIMIT $max",
            ("$hub", _hub), ("$id", instanceId), ("$now", now), ("$max", Settings.MaxMessagesPerEpisode)))
        {
            while (reader.Read())
            {
                batch.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        var reason = $"Entity '{instanceId}' could not process a batch of {batch.Count} message(s): its work item was abandoned {abandons} times in a row " +
            $"(MaxDeliveryCount = {Settings.MaxDeliveryCount}). The batch was dropped; the entity keeps its last committed state.";
        var answered = 0;
        foreach (var (id, json) in batch)
        {
            db.Exec("DELETE FROM inbox WHERE id = $id", ("$id", id));
            if (ErrorResponseFor(json, reason) is { } response && Enqueue(db, response, 0L, effects))
            {
                answered++;
            }
        }

        db.Exec(
            """
            UPDATE instances SET lock_token = NULL, lock_owner = NULL, lock_expires = 0, dequeue_count = 0, last_updated_at = $now,
                next_visible_at = (SELECT min(visible_at) FROM inbox WHERE hub = $hub AND instance_id = $id)
            WHERE hub = $hub AND instance_id = $id
            """,
            ("$hub", _hub), ("$id", instanceId), ("$now", now));
        Log.EntityBatchPoisoned(_logger, instanceId, abandons, batch.Count, answered);
    }

    /// <summary>The error response DTFx's caller side understands (a ResponseMessage named by the request id) for an
    /// operation call; null for signals, lock requests (a lock answered with an error would be taken as granted) and
    /// anything unreadable.</summary>
    private static TaskMessage? ErrorResponseFor(string messageJson, string reason)
    {
        try
        {
            if (DurableJson.ReadMessage(messageJson).Event is not EventRaisedEvent { Name: ['o', 'p', ..], Input: { } input })
            {
                return null;
            }

            var request = JObject.Parse(input);
            if (request.Value<bool?>("signal") == true || request["lockset"] is { Type: not JTokenType.Null }
                || request.Value<string>("parent") is not { Length: > 0 } parent || request.Value<string>("id") is not { Length: > 0 } requestId)
            {
                return null;
            }

            var failure = new FailureDetails("PoisonMessage", reason, null, null, isNonRetriable: true);
            var response = JsonConvert.SerializeObject(new Dictionary<string, object?>
            {
                ["result"] = reason,
                ["exceptionType"] = "PoisonMessage",
                ["failureDetails"] = failure,
            });
            return new TaskMessage
            {
                OrchestrationInstance = new OrchestrationInstance { InstanceId = parent, ExecutionId = request.Value<string>("parentExecution") },
                Event = new EventRaisedEvent(-1, response) { Name = requestId },
            };
        }
        catch (Exception ex) when (ex is JsonException or InvalidCastException or FormatException)
        {
            return null;
        }
    }
}
