using DurableTask.Core;
using LoopFunctions.DurableTask.Sqlite.Serialization;
using LoopFunctions.DurableTask.Sqlite.Signals;
using LoopFunctions.DurableTask.Sqlite.Storage;
using LoopFunctions.DurableTask.Sqlite.Work;

namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>Extended sessions: waiting, while holding the lock, for the next messages of one instance.</summary>
public sealed partial class SqliteOrchestrationService
{
    /// <summary>
    /// Waits for visible messages of the session's instance and returns them (in order, remembered for the next
    /// checkpoint), extending the lock when half of it is spent. Never returns an empty list (DTFx would spin).
    /// </summary>
    /// <returns>The messages; null on the idle timeout, on shutdown, or when the checkpoint ended the session (the
    /// instance ended or its lock was released).</returns>
    /// <exception cref="global::DurableTask.Core.Exceptions.SessionAbortedException">The lock was lost.</exception>
    internal async Task<IList<TaskMessage>?> FetchSessionMessagesAsync(SqliteOrchestrationWorkItem item)
    {
        var stopping = Stopping;
        var idleUntil = Now + Settings.ExtendedSessionIdleTimeout.Ticks;
        var backoff = new PollBackoff(Settings.MaxQueuePollingInterval);
        while (item.LockHeld && !stopping.IsCancellationRequested)
        {
            var signal = _signals.NextForInstance(item.InstanceId);
            var now = Now;
            if (item.LockedUntilUtc.Ticks - now < Settings.OrchestrationLockTimeout.Ticks / 2)
            {
                await RenewTaskOrchestrationWorkItemLockAsync(item).ConfigureAwait(false);
            }

            var (owned, messages, due) = _store.ReadSnapshot(db => ReadSessionBatch(db, item, now));
            if (!owned)
            {
                item.LockHeld = false;
                throw LockLost(item.InstanceId, "fetching its next messages");
            }

            if (messages.Count > 0)
            {
                var batch = new List<TaskMessage>(messages.Count);
                var ids = new List<long>(messages.Count);
                foreach (var (id, json) in messages)
                {
                    ids.Add(id);
                    try
                    {
                        var message = DurableJson.ReadMessage(json);
                        message.SequenceNumber = id;
                        batch.Add(message);
                    }
                    catch (Newtonsoft.Json.JsonException ex)
                    {
                        Log.UnreadableMessage(_logger, item.InstanceId, id, ex);
                    }
                }

                item.MessageIds = ids;
                if (batch.Count > 0)
                {
                    return batch;
                }

                // Only unreadable rows: let a checkpoint-free write consume them, then keep waiting.
                await _store.WriteAsync(db =>
                {
                    DeleteMessages(db, ids);
                    RefreshNextVisible(db, item.InstanceId);
                    return true;
                }).ConfigureAwait(false);
                continue;
            }

            if (now >= idleUntil)
            {
                return null;
            }

            var wait = Math.Min(backoff.Next().Ticks, idleUntil - now);
            if (due is { } at)
            {
                wait = Math.Min(wait, at - now);
            }

            var renewAt = item.LockedUntilUtc.Ticks - (Settings.OrchestrationLockTimeout.Ticks / 2);
            wait = Math.Max(0, Math.Min(wait, renewAt - now));
            if (await WaitAsync(signal, TimeSpan.FromTicks(wait), stopping).ConfigureAwait(false))
            {
                backoff.Reset();
            }
        }

        return null;
    }

    internal void EndSession(SqliteOrchestrationWorkItem item) => _signals.ForgetInstance(item.InstanceId);

    /// <summary>In one snapshot: is the lock still this holder's, the visible messages, and the next due one.</summary>
    private (bool Owned, List<(long Id, string Json)> Messages, long? Due) ReadSessionBatch(Db db, SqliteOrchestrationWorkItem item, long now)
    {
        var owned = db.Scalar(
            "SELECT 1 FROM instances WHERE hub = $hub AND instance_id = $id AND lock_token = $token AND lock_expires > $now",
            ("$hub", _hub), ("$id", item.InstanceId), ("$token", item.LockToken), ("$now", now)) is not null;
        var messages = new List<(long, string)>();
        if (!owned)
        {
            return (false, messages, null);
        }

        using (var reader = db.Query(
            "SELECT id, message_json FROM inbox WHERE hub = $hub AND instance_id = $id AND visible_at <= $now ORDER BY id LIMIT $max",
            ("$hub", _hub), ("$id", item.InstanceId), ("$now", now), ("$max", Settings.MaxMessagesPerEpisode)))
        {
            while (reader.Read())
            {
                messages.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        var due = messages.Count > 0 ? null : db.Scalar(
            "SELECT min(visible_at) FROM inbox WHERE hub = $hub AND instance_id = $id", ("$hub", _hub), ("$id", item.InstanceId)) as long?;
        return (true, messages, due);
    }

    private void EndSessions()
    {
        lock (_lifecycle)
        {
            if (!_disposed)
            {
                _stopping.Cancel();
            }
        }
    }
}
