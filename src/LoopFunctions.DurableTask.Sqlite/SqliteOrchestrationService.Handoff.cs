using System.Collections.Concurrent;
using LoopFunctions.DurableTask.Sqlite.Work;

namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>
/// Work handoff: work this process locked in the transaction that wrote it (the activities an episode schedules, the
/// instance an activity result wakes, a batch of visible activities) waits in memory for this process's next fetch,
/// so a step costs no poll and no separate lock transaction. It holds the normal lease: no other worker sees it, and
/// if this process dies it is delivered again after the lease (at once on this host, see dead-owner detection).
/// </summary>
public sealed partial class SqliteOrchestrationService
{
    /// <summary>Leased margin: an item whose lease ends sooner is left for whoever locks it next.</summary>
    private static readonly TimeSpan HandoffMargin = TimeSpan.FromSeconds(10);

    private readonly ConcurrentQueue<SqliteActivityWorkItem> _activityHandoff = new();
    private readonly ConcurrentQueue<LockedInstance> _orchestrationHandoff = new();
    private readonly Signals.AsyncPulse _activityHandoffPulse = new();
    private Task? _activityProbeSignal;
    private long? _activityProbeDue;
    private int _activitiesInFlight;
    private int _orchestrationsInFlight;
    private CancellationToken _watchedDispatcherToken;
    private CancellationToken _watchedEntityDispatcherToken;

    /// <summary>How many more activities this process may lease now: its free activity slots, so what it leases runs at
    /// once (a lease waiting in memory while the process dies would count as a failed delivery).</summary>
    private int ActivityHandoffCapacity(int wanted)
    {
        if (!Settings.LocalDispatch || Stopping.IsCancellationRequested)
        {
            return 0;
        }

        var free = Settings.MaxConcurrentTaskActivityWorkItems - Volatile.Read(ref _activitiesInFlight);
        return Math.Clamp(Math.Min(wanted, free), 0, 1000);
    }

    private void QueueActivityHandoffs(List<SqliteActivityWorkItem> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        Interlocked.Add(ref _activitiesInFlight, items.Count);
        foreach (var item in items)
        {
            _activityHandoff.Enqueue(item);
        }

        _activityHandoffPulse.Pulse();
    }

    private SqliteActivityWorkItem? TakeActivityHandoff()
    {
        var soonest = Utc(Now) + HandoffMargin;
        while (_activityHandoff.TryDequeue(out var item))
        {
            if (item.LockedUntilUtc > soonest)
            {
                return item;
            }

            Interlocked.Decrement(ref _activitiesInFlight); // its lease is about to end: the row is for anyone to lock
        }

        return null;
    }

    /// <summary>An instance is handed off only while this process has a free orchestration slot to run it at once.</summary>
    private bool CanHandOffOrchestration() =>
        Settings.LocalDispatch && !Stopping.IsCancellationRequested
        && Volatile.Read(ref _orchestrationsInFlight) + _orchestrationHandoff.Count < Settings.MaxConcurrentTaskOrchestrationWorkItems;

    private LockedInstance? TakeOrchestrationHandoff()
    {
        var soonest = (Utc(Now) + HandoffMargin).Ticks;
        while (_orchestrationHandoff.TryDequeue(out var locked))
        {
            if (locked.LockExpires > soonest)
            {
                return locked;
            }
        }

        return null;
    }

    /// <summary>On stop: unlocks what waits in memory, so another worker can take it at once.</summary>
    private async Task ReturnHandoffsAsync()
    {
        var activities = new List<SqliteActivityWorkItem>();
        while (_activityHandoff.TryDequeue(out var item))
        {
            activities.Add(item);
        }

        var instances = new List<LockedInstance>();
        while (_orchestrationHandoff.TryDequeue(out var locked))
        {
            instances.Add(locked);
        }

        if (activities.Count == 0 && instances.Count == 0)
        {
            return;
        }

        Interlocked.Add(ref _activitiesInFlight, -activities.Count);
        await WriteAsync(db =>
        {
            foreach (var item in activities)
            {
                db.Exec("UPDATE activities SET lock_token = NULL, lock_owner = NULL, visible_at = 0, delivery_count = delivery_count - 1 WHERE id = $row AND lock_token = $token",
                    ("$row", item.RowId), ("$token", item.LockToken));
            }

            foreach (var locked in instances)
            {
                db.Exec("UPDATE instances SET lock_token = NULL, lock_owner = NULL, lock_expires = 0 WHERE hub = $hub AND instance_id = $id AND lock_token = $token",
                    ("$hub", _hub), ("$id", locked.InstanceId), ("$token", locked.LockToken));
            }

            return true;
        }).ConfigureAwait(false);
    }

    /// <summary>The token DTFx passes to a fetch is its dispatcher's shutdown token: when it fires, the dispatcher is
    /// stopping and waits for its work items, so idle extended sessions must end now rather than at their idle timeout.</summary>
    private void WatchDispatcherToken(CancellationToken dispatcherToken, bool entityDispatcher = false)
    {
        // The entity dispatcher has its own token: one field per dispatcher, or each fetch would register again.
        ref var watched = ref entityDispatcher ? ref _watchedEntityDispatcherToken : ref _watchedDispatcherToken;
        if (!dispatcherToken.CanBeCanceled || dispatcherToken == watched)
        {
            return;
        }

        watched = dispatcherToken;
        dispatcherToken.Register(static state => ((SqliteOrchestrationService)state!).EndSessions(), this);
    }
}
