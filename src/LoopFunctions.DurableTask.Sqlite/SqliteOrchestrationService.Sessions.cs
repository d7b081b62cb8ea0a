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

        // Nothing was stored for this instance by this process since the last batch was read (every such write
        // signals it): wait first instead of reading. Other processes' messages are found by the polls below.
        // Activity results folded in memory (Fold.cs) signal apart, so they do not make the file worth reading.
        var quiet = item.SessionSignal is { IsCompleted: false } pending ? pending : null;
        // The arrival pulse is taken before the box is looked at: a result folded after the look completes it, and
        // one folded before (the activity can finish while DTFx is still between this session's batches) is seen
        // now instead of after the first poll wait, which would stall every step of a sequential run it hits.
        var firstArrival = FoldArrival(item);
        if (quiet is not null && !HasFolds(item))
        {
            var now = Now;
            var first = Math.Min(backoff.Next().Ticks, idleUntil - now);
            if (item.SessionDue is { } known)
            {
                first = Math.Min(first, known - now);
            }

            await WaitAsync(Task.WhenAny(quiet, firstArrival), TimeSpan.FromTicks(Math.Max(0, first)), stopping).ConfigureAwait(false);
        }

        item.SessionSignal = null;
        while (item.LockHeld && !stopping.IsCancellationRequested)
        {
            var signal = _signals.NextForInstance(item.InstanceId);
            var arrival = FoldArrival(item);
            var now = Now;
            if (item.LockedUntilUtc.Ticks - now < Settings.OrchestrationLockTimeout.Ticks / 2)
            {
                await RenewTaskOrchestrationWorkItemLockAsync(item).ConfigureAwait(false);
            }

            // Taken results belong to the item from here: if it ends without a checkpoint, Abandon or Release stores them.
            var folded = TakeFolds(item);
            item.Folded = folded;
            if (folded is not null && quiet is { IsCompleted: false })
            {
                // Only results handed over in memory, and nothing stored for the instance since the last read: a
                // batch without reading the file, and no inbox rows for the checkpoint to delete.
                item.MessageIds = [];
                item.SessionSignal = quiet;
                return [.. folded.Select(f => f.Response)];
            }

            var (owned, messages, due) = _store.Read(db => ReadSessionBatch(db, item, now));
            if (!owned)
            {
                item.LockHeld = false;
                _signals.ForgetInstance(item.InstanceId);
                throw LockLost(item.InstanceId, "fetching its next messages");
            }

            if (messages.Count > 0 || folded is not null)
            {
                var batch = new List<TaskMessage>(messages.Count + (folded?.Count ?? 0));
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
                batch.AddRange(folded?.Select(f => f.Response) ?? []);
                if (batch.Count > 0)
                {
                    item.SessionSignal = signal;
                    item.SessionDue = due;
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

            quiet = signal;
            if (now >= idleUntil)
            {
                await CloseFoldsAsync(item).ConfigureAwait(false);
                return null;
            }

            var wait = Math.Min(backoff.Next().Ticks, idleUntil - now);
            if (due is { } at)
            {
                wait = Math.Min(wait, at - now);
            }

            var renewAt = item.LockedUntilUtc.Ticks - (Settings.OrchestrationLockTimeout.Ticks / 2);
            wait = Math.Max(0, Math.Min(wait, renewAt - now));
            if (await WaitAsync(Task.WhenAny(signal, arrival), TimeSpan.FromTicks(wait), stopping).ConfigureAwait(false))
            {
                backoff.Reset();
            }
        }

        await CloseFoldsAsync(item).ConfigureAwait(false);
        return null;
    }

    internal async Task EndSessionAsync(SqliteOrchestrationWorkItem item)
    {
        _signals.ForgetInstance(item.InstanceId);
        await CloseFoldsAsync(item).ConfigureAwait(false);
    }

    /// <summary>The visible messages if the lock is still this holder's, with when the next later one comes due (one
    /// statement); when there are none, whether the lock is still held and the next due time (a second one).</summary>
    private (bool Owned, List<(long Id, string Json)> Messages, long? Due) ReadSessionBatch(Db db, SqliteOrchestrationWorkItem item, long now)
    {
        var messages = new List<(long, string)>();
        long? later = null;
        using (var reader = db.Query(
            """
            SELECT id, message_json, (SELECT min(visible_at) FROM inbox WHERE hub = $hub AND instance_id = $id AND visible_at > $now)
            FROM inbox
            WHERE hub = $hub AND instance_id = $id AND visible_at <= $now
              AND EXISTS (SELECT 1 FROM instances WHERE hub = $hub AND instance_id = $id AND lock_token = $token AND lock_expires > $now)
            ORDER BY id LIMIT $max
            """,
            ("$hub", _hub), ("$id", item.InstanceId), ("$now", now), ("$token", item.LockToken), ("$max", Settings.MaxMessagesPerEpisode)))
        {
            while (reader.Read())
            {
                messages.Add((reader.GetInt64(0), reader.GetString(1)));
                later = reader.IsDBNull(2) ? null : reader.GetInt64(2);
            }
        }

        if (messages.Count > 0)
        {
            return (true, messages, later);
        }

        using var state = db.Query(
            """
            SELECT EXISTS (SELECT 1 FROM instances WHERE hub = $hub AND instance_id = $id AND lock_token = $token AND lock_expires > $now),
                   (SELECT min(visible_at) FROM inbox WHERE hub = $hub AND instance_id = $id)
            """,
            ("$hub", _hub), ("$id", item.InstanceId), ("$now", now), ("$token", item.LockToken));
        state.Read();
        return (state.GetInt64(0) == 1, messages, state.IsDBNull(1) ? null : state.GetInt64(1));
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
