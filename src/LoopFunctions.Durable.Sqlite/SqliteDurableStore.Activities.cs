using LoopFunctions.Durable.Storage;

namespace LoopFunctions.Durable.Sqlite;

/// <summary>Activity requests: a table used as a queue whose <c>visible_at</c> is the lease.</summary>
public sealed partial class SqliteDurableStore
{
    public async Task<IReadOnlyList<ActivityWorkItem>> LockNextActivitiesAsync(int maxCount, TimeSpan lockDuration, CancellationToken cancellationToken = default)
    {
        await CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        if (!HasVisibleActivity(Now))
        {
            return [];
        }

        return await GroupCommitAsync<IReadOnlyList<ActivityWorkItem>>(() =>
        {
            var now = Now;
            var expires = now + lockDuration.Ticks;
            var token = Guid.NewGuid().ToString("N");
            var items = new List<ActivityWorkItem>();
            using var reader = Command(
                """
                UPDATE activities SET lock_token = $token, visible_at = $expires, delivery_count = delivery_count + 1
                WHERE id IN (SELECT id FROM activities WHERE hub = $hub AND visible_at <= $now ORDER BY visible_at, id LIMIT $max)
                RETURNING id, instance_id, execution_id, task_id, name, input, delivery_count
                """,
                ("$hub", _hub), ("$now", now), ("$expires", expires), ("$token", token), ("$max", maxCount)).ExecuteReader();
            while (reader.Read())
            {
                items.Add(new ActivityWorkItem
                {
                    SequenceNumber = reader.GetInt64(0),
                    InstanceId = reader.GetString(1),
                    ExecutionId = reader.GetString(2),
                    TaskScheduledId = reader.GetInt32(3),
                    Name = reader.GetString(4),
                    Input = NullableString(reader, 5),
                    DeliveryCount = reader.GetInt32(6),
                    LockToken = token,
                    LockedUntil = Ticks(expires),
                });
            }

            return items;
        }).ConfigureAwait(false);
    }

    public Task<bool> RenewActivityLockAsync(ActivityWorkItem workItem, TimeSpan lockDuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        return WriteAsync(() =>
        {
            var expires = Now + lockDuration.Ticks;
            var renewed = Exec("UPDATE activities SET visible_at = $expires WHERE id = $seq AND lock_token = $token",
                ("$seq", workItem.SequenceNumber), ("$token", workItem.LockToken), ("$expires", expires)) == 1;
            if (renewed)
            {
                workItem.LockedUntil = Ticks(expires);
            }

            return renewed;
        }, cancellationToken);
    }

    /// <remarks>Committed through the group-commit writer: see <see cref="GroupCommitAsync{T}"/>.</remarks>
    public async Task<bool> CompleteActivityAsync(ActivityWorkItem workItem, TaskMessage result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(result);
        var completed = await GroupCommitAsync(() =>
        {
            if (Exec("DELETE FROM activities WHERE id = $seq AND lock_token = $token", ("$seq", workItem.SequenceNumber), ("$token", workItem.LockToken)) == 0)
            {
                return false;
            }

            Enqueue(result);
            return true;
        }).ConfigureAwait(false);
        if (completed)
        {
            _signal.Signal(WorkKind.Orchestration);
        }

        return completed;
    }

    public async Task AbandonActivityAsync(ActivityWorkItem workItem, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        await WriteAsync(() => Exec(
            "UPDATE activities SET lock_token = NULL, visible_at = $until WHERE id = $seq AND lock_token = $token",
            ("$seq", workItem.SequenceNumber), ("$token", workItem.LockToken), ("$until", Now + delay.Ticks)), cancellationToken).ConfigureAwait(false);
        _signal.Signal(WorkKind.Activity);
    }
}
