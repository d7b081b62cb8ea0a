using System.Text.Json;
using LoopFunctions.Durable.History;
using LoopFunctions.Durable.Storage;

namespace LoopFunctions.Durable.Sqlite;

/// <summary>The worker half: locking, completing and abandoning work items, each in one transaction.</summary>
public sealed partial class SqliteDurableStore
{
    public async Task<OrchestrationWorkItem?> LockNextOrchestrationAsync(TimeSpan lockDuration, CancellationToken cancellationToken = default)
    {
        await CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        if (!HasVisibleOrchestration(Now))
        {
            return null;
        }

        return await GroupCommitAsync(() => LockInstance(null, lockDuration)).ConfigureAwait(false);
    }

    /// <summary>Locks the next instance with visible messages, or the given one when it has some and is not locked;
    /// inside a write.</summary>
    private OrchestrationWorkItem? LockInstance(string? onlyInstanceId, TimeSpan lockDuration)
    {
        var now = Now;
        var token = Guid.NewGuid().ToString("N");
        string instanceId, executionId;
        int historyCount;
        OrchestrationRuntimeStatus status;
        using (var reader = Command(
            onlyInstanceId is null
                ? """
                  UPDATE instances SET lock_token = $token, lock_expires = $expires
                  WHERE hub = $hub AND instance_id = (
                      SELECT instance_id FROM instances
                      WHERE hub = $hub AND next_visible_at <= $now AND lock_expires <= $now
                      ORDER BY next_visible_at LIMIT 1)
                  RETURNING instance_id, execution_id, history_count, status
                  """
                : """
                  UPDATE instances SET lock_token = $token, lock_expires = $expires
                  WHERE hub = $hub AND instance_id = $only AND next_visible_at <= $now AND lock_expires <= $now
                  RETURNING instance_id, execution_id, history_count, status
                  """,
            ("$hub", _hub), ("$now", now), ("$token", token), ("$expires", now + lockDuration.Ticks), ("$only", onlyInstanceId)).ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            (instanceId, executionId, historyCount, status) = (reader.GetString(0), reader.GetString(1), reader.GetInt32(2), (OrchestrationRuntimeStatus)reader.GetInt32(3));
        }

        var messages = new List<TaskMessage>();
        var undecodable = new List<string>();
        using (var reader = Command(
            "SELECT id, execution_id, event FROM inbox WHERE hub = $hub AND instance_id = $id AND visible_at <= $now ORDER BY id LIMIT $max",
            ("$hub", _hub), ("$id", instanceId), ("$now", now), ("$max", _options.MaxMessagesPerEpisode)).ExecuteReader())
        {
            while (reader.Read())
            {
                var seq = reader.GetInt64(0);
                try
                {
                    messages.Add(new TaskMessage(instanceId, NullableString(reader, 1), HistoryJson.Deserialize(reader.GetString(2))) { SequenceNumber = seq });
                }
                catch (PayloadFormatException ex)
                {
                    // Kept in Messages only so that completing the episode consumes it; the worker fails the instance
                    // with this error instead of running the code without a message it may depend on.
                    undecodable.Add($"message {seq}: {ex.Message}");
                    messages.Add(new TaskMessage(instanceId, "undecodable", new EventRaisedEvent(default, "", null)) { SequenceNumber = seq });
                }
            }
        }

        return new OrchestrationWorkItem
        {
            InstanceId = instanceId,
            ExecutionId = executionId,
            Messages = messages,
            UndecodableMessages = undecodable,
            HistoryCount = historyCount,
            RuntimeStatus = status,
            LockToken = token,
            LockedUntil = Ticks(now + lockDuration.Ticks),
        };
    }

    public Task<bool> RenewOrchestrationLockAsync(OrchestrationWorkItem workItem, TimeSpan lockDuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        return WriteAsync(() =>
        {
            var expires = Now + lockDuration.Ticks;
            var renewed = Exec("UPDATE instances SET lock_expires = $expires WHERE hub = $hub AND instance_id = $id AND lock_token = $token",
                ("$hub", _hub), ("$id", workItem.InstanceId), ("$token", workItem.LockToken), ("$expires", expires)) == 1;
            if (renewed)
            {
                workItem.LockedUntil = Ticks(expires);
            }

            return renewed;
        }, cancellationToken);
    }

    public Task CompleteOrchestrationAsync(OrchestrationWorkItem workItem, OrchestrationCheckpoint checkpoint, CancellationToken cancellationToken = default) =>
        CompleteOrchestrationAsync(workItem, checkpoint, 0, TimeSpan.Zero, cancellationToken);

    public async Task<IReadOnlyList<ActivityWorkItem>> CompleteOrchestrationAsync(
        OrchestrationWorkItem workItem, OrchestrationCheckpoint checkpoint, int lockActivities, TimeSpan activityLockDuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var locked = await GroupCommitAsync<IReadOnlyList<ActivityWorkItem>>(() =>
        {
            if (Command("SELECT history_count FROM instances WHERE hub = $hub AND instance_id = $id AND lock_token = $token",
                ("$hub", _hub), ("$id", workItem.InstanceId), ("$token", workItem.LockToken)).ExecuteScalar() is not long historyCount)
            {
                throw new WorkItemLockLostException($"instance '{workItem.InstanceId}'");
            }

            if (checkpoint.ReplaceHistory)
            {
                Exec("DELETE FROM history WHERE hub = $hub AND instance_id = $id", ("$hub", _hub), ("$id", workItem.InstanceId));
                historyCount = 0;
            }

            foreach (var e in checkpoint.NewEvents)
            {
                Exec("INSERT INTO history (hub, instance_id, seq, event) VALUES ($hub, $id, $seq, $event)",
                    ("$hub", _hub), ("$id", workItem.InstanceId), ("$seq", historyCount++), ("$event", HistoryJson.Serialize(e)));
            }

            var state = checkpoint.State;
            Exec(
                """
                UPDATE instances SET execution_id = $exec, name = coalesce($name, name), status = $status, output = $output,
                    custom_status = $custom, failure = $failure, last_updated_at = $updated, history_count = $count,
                    input = CASE WHEN $setInput THEN $input ELSE input END, lock_token = NULL, lock_expires = 0
                WHERE hub = $hub AND instance_id = $id
                """,
                ("$hub", _hub), ("$id", workItem.InstanceId), ("$exec", checkpoint.ExecutionId), ("$name", state.Name), ("$status", (int)state.RuntimeStatus),
                ("$output", state.Output), ("$custom", state.CustomStatus), ("$updated", state.LastUpdatedAt.Ticks), ("$count", historyCount),
                ("$failure", state.FailureDetails is null ? null : JsonSerializer.Serialize(state.FailureDetails, HistoryJson.Options)),
                ("$setInput", state.UpdateInput), ("$input", state.Input));
            if (workItem.Messages.Count > 0)
            {
                Exec("DELETE FROM inbox WHERE id IN (SELECT value FROM json_each($ids))",
                    ("$ids", JsonSerializer.Serialize(workItem.Messages.Select(m => m.SequenceNumber))));
            }

            var handedOver = InsertActivities(checkpoint.ActivityRequests, lockActivities, activityLockDuration);
            foreach (var message in checkpoint.OrchestrationMessages)
            {
                Route(message, workItem.InstanceId);
            }

            RefreshNextVisible(workItem.InstanceId);
            return handedOver;
        }).ConfigureAwait(false);
        _signal.Signal(WorkKind.Orchestration);
        if (checkpoint.ActivityRequests.Count > locked.Count)
        {
            _signal.Signal(WorkKind.Activity);
        }

        return locked;
    }

    public Task AbandonOrchestrationAsync(OrchestrationWorkItem workItem, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        return WriteAsync(() => Exec(
            "UPDATE instances SET lock_token = NULL, lock_expires = $until WHERE hub = $hub AND instance_id = $id AND lock_token = $token",
            ("$hub", _hub), ("$id", workItem.InstanceId), ("$token", workItem.LockToken), ("$until", Now + delay.Ticks)), cancellationToken);
    }

    /// <summary>Delivers a checkpoint's message; inside a write.</summary>
    private void Route(TaskMessage message, string fromInstanceId)
    {
        if (message.Event is ExecutionStartedEvent started && message.InstanceId != fromInstanceId)
        {
            if (StatusOf(message.InstanceId) is { } status && !status.IsTerminal() && started.ParentInstance is not null)
            {
                Route(SubOrchestrationConflict.Create(message, status, Ticks(Now)), message.InstanceId);
                return;
            }

            CreateOrReplace(message);
            return;
        }

        // Events for instances that do not exist are dropped, as Durable Functions does.
        Enqueue(message);
    }

    private void RefreshNextVisible(string instanceId) => Exec(
        "UPDATE instances SET next_visible_at = (SELECT min(visible_at) FROM inbox WHERE hub = $hub AND instance_id = $id) WHERE hub = $hub AND instance_id = $id",
        ("$hub", _hub), ("$id", instanceId));
}
