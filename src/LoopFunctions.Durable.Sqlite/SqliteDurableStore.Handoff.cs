using LoopFunctions.Durable.History;
using LoopFunctions.Durable.Storage;

namespace LoopFunctions.Durable.Sqlite;

/// <summary>Work handed straight to this process's worker, locked in the transaction that writes it
/// (<see cref="IWorkHandoff"/>): no poll and no separate lock transaction between an episode and its activity, or
/// between an activity and the episode its result wakes.</summary>
public sealed partial class SqliteDurableStore : IWorkHandoff
{
    /// <remarks>Committed through the group-commit writer: see <see cref="GroupCommitAsync{T}"/>.</remarks>
    public async Task<ActivityHandoff> CompleteActivityAsync(
        ActivityWorkItem workItem, TaskMessage result, bool lockOrchestration, TimeSpan orchestrationLockDuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(result);
        var handoff = await GroupCommitAsync(() =>
        {
            if (Exec("DELETE FROM activities WHERE id = $seq AND lock_token = $token", ("$seq", workItem.SequenceNumber), ("$token", workItem.LockToken)) == 0)
            {
                return new ActivityHandoff(false, null);
            }

            Enqueue(result);
            return new ActivityHandoff(true, lockOrchestration ? LockInstance(result.InstanceId, orchestrationLockDuration) : null);
        }).ConfigureAwait(false);
        if (handoff is { Completed: true, Next: null })
        {
            _signal.Signal(WorkKind.Orchestration);
        }

        return handoff;
    }

    /// <summary>Writes an episode's activity requests, the first <paramref name="lockCount"/> already locked for the
    /// caller (delivery 1, the usual lease); inside a write.</summary>
    private List<ActivityWorkItem> InsertActivities(IReadOnlyList<TaskMessage> requests, int lockCount, TimeSpan lockDuration)
    {
        var locked = new List<ActivityWorkItem>();
        var token = lockCount > 0 ? Guid.NewGuid().ToString("N") : null;
        var expires = Now + lockDuration.Ticks;
        foreach (var request in requests)
        {
            var scheduled = (TaskScheduledEvent)request.Event;
            var take = locked.Count < lockCount;
            var id = (long)Command(
                """
                INSERT INTO activities (hub, instance_id, execution_id, task_id, name, input, visible_at, lock_token, delivery_count)
                VALUES ($hub, $id, $exec, $task, $name, $input, $visible, $token, $deliveries) RETURNING id
                """,
                ("$hub", _hub), ("$id", request.InstanceId), ("$exec", request.ExecutionId), ("$task", scheduled.EventId), ("$name", scheduled.Name),
                ("$input", scheduled.Input), ("$visible", take ? expires : 0L), ("$token", take ? token : null), ("$deliveries", take ? 1 : 0)).ExecuteScalar()!;
            if (take)
            {
                locked.Add(new ActivityWorkItem
                {
                    SequenceNumber = id,
                    InstanceId = request.InstanceId,
                    ExecutionId = request.ExecutionId!,
                    TaskScheduledId = scheduled.EventId,
                    Name = scheduled.Name,
                    Input = scheduled.Input,
                    DeliveryCount = 1,
                    LockToken = token!,
                    LockedUntil = Ticks(expires),
                });
            }
        }

        return locked;
    }
}
