using Azure;
using LoopFunctions.Durable.History;
using LoopFunctions.Durable.Storage;

namespace LoopFunctions.Durable.AzureStorage;

/// <summary>
/// Activity requests: one competing-consumer queue. Locking a request reads it with a visibility timeout of the lock
/// duration (so a dead worker's requests reappear by themselves, with the queue's dequeue count as the delivery
/// count); renewing updates the visibility and keeps the new pop receipt.
/// </summary>
public sealed partial class AzureStorageDurableStore
{
    private readonly Dictionary<string, ActivityLease> _activityLeases = new(StringComparer.Ordinal);
    private long _activitySequence;

    public async Task<IReadOnlyList<ActivityWorkItem>> LockNextActivitiesAsync(int maxCount, TimeSpan lockDuration, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return await GuardAsync<IReadOnlyList<ActivityWorkItem>>(async () =>
        {
            await ExpireActivityLeasesAsync(cancellationToken).ConfigureAwait(false);
            var received = (await _workItems.ReceiveMessagesAsync(Math.Clamp(maxCount, 1, 32), Visibility(lockDuration), cancellationToken).ConfigureAwait(false)).Value;
            var items = new List<ActivityWorkItem>(received.Length);
            foreach (var raw in received)
            {
                var (envelope, message, _) = await DecodeAsync(raw, cancellationToken).ConfigureAwait(false);
                if (message?.Event is not TaskScheduledEvent scheduled)
                {
                    // Unreadable: no orchestration can be told, so it is removed rather than retried forever.
                    await QuietlyAsync(() => _workItems.DeleteMessageAsync(raw.MessageId, raw.PopReceipt, cancellationToken)).ConfigureAwait(false);
                    continue;
                }

                var token = Guid.NewGuid().ToString("N");
                var until = Now + lockDuration;
                lock (_bufferLock)
                {
                    _activityLeases[token] = new ActivityLease(raw.MessageId, raw.PopReceipt, until, envelope!.Blob);
                }

                items.Add(new ActivityWorkItem
                {
                    SequenceNumber = Interlocked.Increment(ref _activitySequence),
                    InstanceId = message.InstanceId,
                    ExecutionId = message.ExecutionId ?? "",
                    TaskScheduledId = scheduled.EventId,
                    Name = scheduled.Name,
                    Input = scheduled.Input,
                    DeliveryCount = (int)Math.Min(raw.DequeueCount, int.MaxValue),
                    LockToken = token,
                    LockedUntil = until,
                });
            }

            return items;
        }).ConfigureAwait(false);
    }

    public async Task<bool> RenewActivityLockAsync(ActivityWorkItem workItem, TimeSpan lockDuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        if (TakeLease(workItem.LockToken, remove: false) is not { } lease)
        {
            return false;
        }

        return await GuardAsync(async () =>
        {
            try
            {
                var until = Now + lockDuration;
                var receipt = await _workItems.UpdateMessageAsync(lease.MessageId, lease.PopReceipt, (BinaryData?)null, Visibility(lockDuration), cancellationToken).ConfigureAwait(false);
                lease.PopReceipt = receipt.Value.PopReceipt;
                lease.LockedUntil = workItem.LockedUntil = until;
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                TakeLease(workItem.LockToken, remove: true);
                return false;
            }
        }).ConfigureAwait(false);
    }

    /// <remarks>The result is sent before the request is deleted: a crash between the two runs the activity again
    /// and the orchestration drops the second result, as it does when the delete finds the lease taken over.</remarks>
    public async Task<bool> CompleteActivityAsync(ActivityWorkItem workItem, TaskMessage result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(result);
        if (TakeLease(workItem.LockToken, remove: true) is not { } lease)
        {
            return false;
        }

        var completed = await GuardAsync(async () =>
        {
            await SendControlAsync(result, cancellationToken).ConfigureAwait(false);
            try
            {
                await _workItems.DeleteMessageAsync(lease.MessageId, lease.PopReceipt, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return false;
            }

            if (lease.Blob is not null)
            {
                await QuietlyAsync(() => _large.DeleteAsync(lease.Blob, cancellationToken)).ConfigureAwait(false);
            }

            return true;
        }).ConfigureAwait(false);
        _signal.Signal(WorkKind.Orchestration);
        return completed;
    }

    public async Task AbandonActivityAsync(ActivityWorkItem workItem, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        if (TakeLease(workItem.LockToken, remove: true) is { } lease)
        {
            await QuietlyAsync(() => _workItems.UpdateMessageAsync(lease.MessageId, lease.PopReceipt, (BinaryData?)null, Visibility(delay, minimum: TimeSpan.Zero), cancellationToken))
                .ConfigureAwait(false);
        }

        _signal.Signal(WorkKind.Activity);
    }

    /// <summary>The lease if this worker still holds it on the store's clock; an expired one is forgotten.</summary>
    private ActivityLease? TakeLease(string token, bool remove)
    {
        lock (_bufferLock)
        {
            if (!_activityLeases.TryGetValue(token, out var lease))
            {
                return null;
            }

            if (remove || lease.LockedUntil <= Now)
            {
                _activityLeases.Remove(token);
            }

            return lease.LockedUntil <= Now ? null : lease;
        }
    }

    /// <summary>Leases of this worker that expired on the store's clock are handed back at once, so a clock that runs
    /// ahead of real time (tests) sees the redelivery it expects; other workers' leases expire in the queue.</summary>
    private async Task ExpireActivityLeasesAsync(CancellationToken cancellationToken)
    {
        List<ActivityLease> expired;
        var now = Now;
        lock (_bufferLock)
        {
            expired = [.. _activityLeases.Where(l => l.Value.LockedUntil <= now).Select(l => l.Value)];
            foreach (var token in _activityLeases.Where(l => l.Value.LockedUntil <= now).Select(l => l.Key).ToList())
            {
                _activityLeases.Remove(token);
            }
        }

        foreach (var lease in expired)
        {
            try
            {
                await _workItems.UpdateMessageAsync(lease.MessageId, lease.PopReceipt, (BinaryData?)null, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Already visible again and taken, or completed.
            }
        }
    }

    /// <summary>Queue visibility is in whole seconds: rounded up, so a lease never ends early.</summary>
    private static TimeSpan Visibility(TimeSpan duration, TimeSpan? minimum = null)
    {
        var seconds = Math.Ceiling(duration.TotalSeconds);
        var floor = (minimum ?? TimeSpan.FromSeconds(1)).TotalSeconds;
        return TimeSpan.FromSeconds(Math.Clamp(seconds, floor, TimeSpan.FromDays(7).TotalSeconds));
    }
}
