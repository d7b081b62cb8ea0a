using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using LoopFunctions.DurableTask.Sqlite.Serialization;
using LoopFunctions.DurableTask.Sqlite.Signals;
using LoopFunctions.DurableTask.Sqlite.Storage;

namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>The client half: starting instances and sending them messages.</summary>
public sealed partial class SqliteOrchestrationService
{
    private static readonly OrchestrationStatus[] DefaultDedupeStatuses =
        [OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.Suspended];

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => CreateTaskOrchestrationAsync(creationMessage, null!);

    /// <summary>Creates the instance (Pending, its start visible at <see cref="ExecutionStartedEvent.ScheduledStartTime"/>
    /// or now), replacing an existing one whose status is not in <paramref name="dedupeStatuses"/>.</summary>
    /// <param name="dedupeStatuses">Statuses of an existing instance that make this call fail; null or empty means
    /// Pending, Running and Suspended (a live instance is never replaced silently).</param>
    /// <exception cref="OrchestrationAlreadyExistsException">An instance with the id exists in one of the statuses.</exception>
    /// <exception cref="PayloadTooLargeException">The input is over <see cref="SqliteOrchestrationServiceSettings.MaxPayloadBytes"/>.</exception>
    public async Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses)
    {
        ArgumentNullException.ThrowIfNull(creationMessage);
        if (creationMessage.Event is not ExecutionStartedEvent started)
        {
            throw new ArgumentException("Only ExecutionStarted messages create instances.", nameof(creationMessage));
        }

        var instanceId = creationMessage.OrchestrationInstance?.InstanceId;
        if (string.IsNullOrWhiteSpace(instanceId))
        {
            throw new ArgumentException("The creation message has no instance id.", nameof(creationMessage));
        }

        CheckPayload(started.Input, $"The input of orchestration '{started.Name}' (instance '{instanceId}')");
        var dedupe = dedupeStatuses is { Length: > 0 } ? dedupeStatuses : DefaultDedupeStatuses;
        var effects = new WriteEffects();
        await WriteAsync(db =>
        {
            if (StatusOf(db, instanceId) is { } existing && dedupe.Contains(existing))
            {
                throw new OrchestrationAlreadyExistsException(
                    $"An orchestration instance with ID '{instanceId}' already exists and is {existing}; it is not replaced (dedupe statuses: {string.Join(", ", dedupe)}).");
            }

            CreateOrReplace(db, creationMessage, effects);
            return true;
        }).ConfigureAwait(false);
        effects.Publish(_signals);
    }

    /// <remarks>A message for an unknown or ended instance is dropped (and logged), except a rewind
    /// (<see cref="ExecutionRewoundEvent"/>) for a Failed one; Suspended instances receive everything.</remarks>
    /// <exception cref="PayloadTooLargeException">An event payload is over the limit; nothing was stored.</exception>
    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => SendTaskOrchestrationMessageBatchAsync(message);

    public async Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            ArgumentNullException.ThrowIfNull(message);
            if (message.Event is EventRaisedEvent raised)
            {
                CheckPayload(raised.Input, $"The payload of event '{raised.Name}' for instance '{message.OrchestrationInstance?.InstanceId}'");
            }
        }

        var effects = new WriteEffects();
        await WriteAsync(db =>
        {
            foreach (var message in messages)
            {
                if (message.Event is ExecutionStartedEvent)
                {
                    CreateOrReplace(db, message, effects);
                }
                else
                {
                    Enqueue(db, message, 0L, effects);
                }
            }

            return true;
        }).ConfigureAwait(false);
        effects.Publish(_signals);
    }

    /// <summary>Terminates the instance: a Pending one that no worker holds is terminated at once (it may be waiting for
    /// a scheduled start); a Running or Suspended one gets an <see cref="ExecutionTerminatedEvent"/>; an ended or unknown
    /// one is left as it is.</summary>
    public async Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        if (IgnoredForEntity(instanceId, "terminate"))
        {
            return;
        }

        var effects = new WriteEffects();
        await WriteAsync(db =>
        {
            var now = Now;
            using (var reader = db.Query("SELECT status, lock_expires, execution_id, parent_json FROM instances WHERE hub = $hub AND instance_id = $id",
                ("$hub", _hub), ("$id", instanceId)))
            {
                if (!reader.Read())
                {
                    return false;
                }

                var status = (OrchestrationStatus)reader.GetInt32(0);
                if (Statuses.IsTerminal(status))
                {
                    return false;
                }

                if (status == OrchestrationStatus.Pending && reader.GetInt64(1) <= now)
                {
                    var (executionId, parentJson) = (reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
                    reader.Close();
                    TerminatePending(db, instanceId, executionId, parentJson, reason, now, effects);
                    return true;
                }
            }

            return Enqueue(db, new TaskMessage
            {
                OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
                Event = new ExecutionTerminatedEvent(-1, reason),
            }, 0L, effects);
        }).ConfigureAwait(false);
        effects.Publish(_signals);
    }

    /// <summary>Ends a Pending instance directly: its start never ran, so its history becomes start, termination and
    /// completion, and a parent waiting on it is told it failed.</summary>
    private void TerminatePending(Db db, string instanceId, string executionId, string? parentJson, string reason, long now, WriteEffects effects)
    {
        var start = db.Scalar(
            "SELECT message_json FROM inbox WHERE hub = $hub AND instance_id = $id AND event_type = $type ORDER BY id LIMIT 1",
            ("$hub", _hub), ("$id", instanceId), ("$type", (int)EventType.ExecutionStarted)) as string;
        var history = new List<HistoryEvent>();
        if (start is not null)
        {
            history.Add(DurableJson.ReadMessage(start).Event);
        }

        history.Add(new ExecutionTerminatedEvent(-1, reason));
        history.Add(new ExecutionCompletedEvent(-1, reason, OrchestrationStatus.Terminated));
        DeleteInstanceData(db, instanceId);
        for (var i = 0; i < history.Count; i++)
        {
            db.Exec("INSERT INTO history (hub, instance_id, execution_id, seq, event_type, event_json) VALUES ($hub, $id, $exec, $seq, $type, $json)",
                ("$hub", _hub), ("$id", instanceId), ("$exec", executionId), ("$seq", i), ("$type", (int)history[i].EventType), ("$json", DurableJson.Serialize(history[i])));
        }

        db.Exec(
            """
            UPDATE instances SET status = 5, output = $reason, last_updated_at = $now, completed_at = $now, history_count = $count,
                next_visible_at = NULL, lock_token = NULL, lock_owner = NULL, lock_expires = 0
            WHERE hub = $hub AND instance_id = $id
            """,
            ("$hub", _hub), ("$id", instanceId), ("$reason", reason), ("$now", now), ("$count", history.Count));
        effects.Completed = true;
        if (parentJson is not null)
        {
            var parent = DurableJson.Read<ParentInstance>(parentJson);
            var failed = new SubOrchestrationInstanceFailedEvent(-1, parent.TaskScheduleId, reason, null,
                new FailureDetails("Terminated", $"Sub-orchestration '{instanceId}' was terminated before it started: {reason}", null, null, isNonRetriable: true));
            Enqueue(db, new TaskMessage { OrchestrationInstance = parent.OrchestrationInstance, Event = failed }, 0L, effects);
        }
    }

    private void CheckPayload(string? payload, string what)
    {
        if (Payloads.TooLarge(payload, Settings.MaxPayloadBytes))
        {
            throw new PayloadTooLargeException(
                $"{what} is {Payloads.Size(payload)} bytes, over the limit of {Settings.MaxPayloadBytes} bytes (SqliteOrchestrationServiceSettings.MaxPayloadBytes). Nothing was stored.");
        }
    }
}
