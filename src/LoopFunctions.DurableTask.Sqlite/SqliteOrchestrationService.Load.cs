using DurableTask.Core;
using DurableTask.Core.History;
using LoopFunctions.DurableTask.Sqlite.Serialization;
using LoopFunctions.DurableTask.Sqlite.Storage;
using LoopFunctions.DurableTask.Sqlite.Work;

namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>Turning a lock into a DTFx work item: its messages, the current execution's history, and waiting.</summary>
public sealed partial class SqliteOrchestrationService
{
    /// <summary>Builds the work item of a lock: the batch's messages and the current execution's history, read after
    /// the lock committed (the lock keeps the history still). Null when the instance could not be read and was failed.</summary>
    private async Task<SqliteOrchestrationWorkItem?> LoadAsync(LockedInstance locked)
    {
        var messages = new List<TaskMessage>(locked.Messages.Count);
        var ids = new List<long>(locked.Messages.Count);
        foreach (var (id, json) in locked.Messages)
        {
            ids.Add(id);
            try
            {
                var message = DurableJson.ReadMessage(json);
                message.SequenceNumber = id;
                PrepareRewind(message);
                messages.Add(message);
            }
            catch (Newtonsoft.Json.JsonException ex)
            {
                Log.UnreadableMessage(_logger, locked.InstanceId, id, ex);
            }
        }

        List<HistoryEvent> history;
        try
        {
            history = _store.Read(db => ReadHistory(db, locked.InstanceId, locked.ExecutionId));
        }
        catch (Newtonsoft.Json.JsonException ex)
        {
            await FailUnreadableAsync(locked, ex).ConfigureAwait(false);
            return null;
        }

        AutoStartEntity(locked.InstanceId, history, messages);
        var item = new SqliteOrchestrationWorkItem
        {
            InstanceId = locked.InstanceId,
            IsEntity = locked.InstanceId is ['@', ..],
            LockToken = locked.LockToken,
            LockedUntilUtc = Utc(locked.LockExpires),
            NewMessages = messages,
            MessageIds = ids,
            StoredExecutionId = locked.ExecutionId,
            OrchestrationRuntimeState = new OrchestrationRuntimeState(history),
        };
        // Never for entities: in a session DTFx's entity dispatcher passes the entity no state after the first batch
        // (it expects the executor to cache it), and an entity's history is three events, so a session saves nothing.
        if (Settings.ExtendedSessionsEnabled && !item.IsEntity)
        {
            item.Session = new SqliteOrchestrationSession(this, item);
        }

        return item;
    }

    /// <summary>DTFx 3.11.2 rewinds only when either the rewind message or the instance's start carries a trace
    /// context (it clears fields of it without a null check); a client's plain rewind message gets a fresh one here.</summary>
    private static void PrepareRewind(TaskMessage message)
    {
        if (message.Event is ExecutionRewoundEvent { ParentTraceContext: null } rewound)
        {
            rewound.ParentTraceContext = new global::DurableTask.Core.Tracing.DistributedTraceContext(
                $"00-{System.Diagnostics.ActivityTraceId.CreateRandom()}-{System.Diagnostics.ActivitySpanId.CreateRandom()}-00");
        }
    }

    private List<HistoryEvent> ReadHistory(Db db, string instanceId, string executionId)
    {
        var events = new List<HistoryEvent>();
        using var reader = db.Query(
            "SELECT event_json FROM history WHERE hub = $hub AND instance_id = $id AND execution_id = $exec ORDER BY seq",
            ("$hub", _hub), ("$id", instanceId), ("$exec", executionId));
        while (reader.Read())
        {
            events.Add(DurableJson.ReadEvent(reader.GetString(0)));
        }

        return events;
    }

    private async Task<bool> WaitAsync(Task signal, TimeSpan wait, CancellationToken token)
    {
        if (signal.IsCompleted)
        {
            return true;
        }

        if (wait <= TimeSpan.Zero || token.IsCancellationRequested)
        {
            return false;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(token);
        var delay = Task.Delay(wait, _time, cts.Token);
        var first = await Task.WhenAny(signal, delay).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        return first == signal;
    }
}
