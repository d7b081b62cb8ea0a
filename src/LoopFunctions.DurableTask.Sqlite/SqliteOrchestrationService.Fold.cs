using System.Collections.Concurrent;
using DurableTask.Core;
using LoopFunctions.DurableTask.Sqlite.Signals;
using LoopFunctions.DurableTask.Sqlite.Work;

namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>
/// Folding an activity result into the next checkpoint: when an extended session of this service holds the activity's
/// instance, the result is handed to that session in memory instead of being committed to the inbox, and the session's
/// next checkpoint deletes the activity row (fenced on its lease) in the same transaction that appends the result to
/// the history. One commit per step instead of two, and no inbox write, delete or read.
/// </summary>
/// <remarks>At-least-once holds: until that checkpoint commits, the activity row stays in the file, leased to this
/// process. If the process dies, the lease is taken over (dead-owner detection, or its expiry) and the activity runs
/// again, exactly as when a worker dies while the activity runs. If the lease was lost meanwhile (another delivery runs
/// it), the checkpoint's fence fails, nothing is written and the session is aborted (DTFx replays from the file and
/// gets that delivery's result). A result the session did not commit (abandon, release, the session's end) is stored
/// the ordinary way, fenced on the same lease.</remarks>
public sealed partial class SqliteOrchestrationService
{
    private readonly ConcurrentDictionary<string, FoldBox> _folds = new(StringComparer.Ordinal);

    /// <summary>Opens the instance to folded results: called when a checkpoint kept the lock for its session.</summary>
    private void OpenFolds(SqliteOrchestrationWorkItem item)
    {
        if (item.Folds is null)
        {
            item.Folds = new FoldBox(item);
            _folds[item.InstanceId] = item.Folds;
        }
    }

    /// <summary>Hands a result to the session holding its instance; false (store it the ordinary way) when none of this
    /// service does, or when the result belongs to another execution.</summary>
    private bool TryFold(SqliteActivityWorkItem activity, TaskMessage response)
    {
        var instance = response.OrchestrationInstance;
        if (instance?.InstanceId is not { } instanceId || !_folds.TryGetValue(instanceId, out var box))
        {
            return false;
        }

        lock (box)
        {
            if (box.Closed || !string.Equals(box.Item.StoredExecutionId, instance.ExecutionId, StringComparison.Ordinal))
            {
                return false;
            }

            box.Pending.Add(new FoldedResult(activity.RowId, activity.LockToken, response));
        }

        box.Arrived.Pulse();
        return true;
    }

    /// <summary>Completes when a result is folded for the item's session (never when it has none).</summary>
    private static Task FoldArrival(SqliteOrchestrationWorkItem item) => item.Folds?.Arrived.Next ?? NeverArrives;

    private static readonly Task NeverArrives = new TaskCompletionSource().Task;

    /// <summary>Whether results wait in the session's box (not taken).</summary>
    private static bool HasFolds(SqliteOrchestrationWorkItem item)
    {
        if (item.Folds is not { } box)
        {
            return false;
        }

        lock (box)
        {
            return box.Pending.Count > 0;
        }
    }

    /// <summary>The results folded for the session since its last batch (taken: they belong to the next checkpoint).</summary>
    private static List<FoldedResult>? TakeFolds(SqliteOrchestrationWorkItem item)
    {
        if (item.Folds is not { } box)
        {
            return null;
        }

        lock (box)
        {
            if (box.Pending.Count == 0)
            {
                return null;
            }

            var taken = box.Pending;
            box.Pending = [];
            return taken;
        }
    }

    /// <summary>Closes the instance to folded results and stores, the ordinary way, every result the session holds but
    /// did not commit (waiting, or taken by a batch whose checkpoint did not happen).</summary>
    private async Task CloseFoldsAsync(SqliteOrchestrationWorkItem item)
    {
        List<FoldedResult> left = [];
        if (item.Folds is { } box)
        {
            lock (box)
            {
                box.Closed = true;
                left.AddRange(box.Pending);
                box.Pending = [];
            }

            // Only this session's box: a later session of the instance may already have opened its own.
            _folds.TryRemove(new KeyValuePair<string, FoldBox>(item.InstanceId, box));
        }

        if (item.Folded is { Count: > 0 } consumed)
        {
            left.InsertRange(0, consumed);
            item.Folded = null;
        }

        foreach (var result in left)
        {
            await StoreActivityResultAsync(result.ActivityRow, result.LeaseToken, result.Response, handoff: false).ConfigureAwait(false);
        }
    }

    /// <summary>Inside the checkpoint: deletes the activity rows of the results the batch folded in, each only if its
    /// lease is still this process's; a lost one aborts the checkpoint (another delivery's result will count).</summary>
    private void DeleteFoldedActivities(Storage.Db db, SqliteOrchestrationWorkItem item, long now)
    {
        foreach (var result in item.Folded ?? [])
        {
            if (db.Exec("DELETE FROM activities WHERE id = $row AND lock_token = $token AND visible_at > $now",
                    ("$row", result.ActivityRow), ("$token", result.LeaseToken), ("$now", now)) == 0)
            {
                throw LockLost(item.InstanceId, "its checkpoint (the lease of an activity whose result it applies was lost)");
            }
        }
    }

    /// <summary>Deletes the activity row if the lease still holds it and stores the result for its instance, in one
    /// write; when <paramref name="handoff"/>, also locks the instance for this process's dispatcher. False when the
    /// lease was lost (nothing stored).</summary>
    private async Task<bool> StoreActivityResultAsync(long row, string leaseToken, TaskMessage response, bool handoff)
    {
        var effects = new WriteEffects();
        var (completed, locked) = await WriteAsync(db =>
        {
            var now = Now;
            if (db.Exec("DELETE FROM activities WHERE id = $row AND lock_token = $token AND visible_at > $now",
                    ("$row", row), ("$token", leaseToken), ("$now", now)) == 0)
            {
                return (false, (LockedInstance?)null);
            }

            var instanceId = response.OrchestrationInstance.InstanceId;
            if (!Enqueue(db, response, 0L, effects))
            {
                return (true, null);
            }

            return (true, handoff && !_signals.HasInstanceWaiter(instanceId) ? LockInstance(db, instanceId, effects) : null);
        }).ConfigureAwait(false);
        if (locked is not null)
        {
            _orchestrationHandoff.Enqueue(locked);
        }

        effects.Publish(_signals);
        return completed;
    }
}
