using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using LoopFunctions.Durable.History;
using LoopFunctions.Durable.Storage;

namespace LoopFunctions.Durable.AzureStorage;

/// <summary>The orchestration half of the worker: lock, renew, complete (the checkpoint order) and abandon.</summary>
public sealed partial class AzureStorageDurableStore
{
    private static readonly TimeSpan BusyRetry = TimeSpan.FromMilliseconds(250);

    private readonly Dictionary<string, OrchestrationLock> _orchestrationLocks = new(StringComparer.Ordinal);

    public async Task<OrchestrationWorkItem?> LockNextOrchestrationAsync(TimeSpan lockDuration, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return await GuardAsync(async () =>
        {
            await EnsurePartitionsAsync(cancellationToken).ConfigureAwait(false);
            if (!HasReady(Now))
            {
                await FetchAsync(cancellationToken).ConfigureAwait(false);
            }

            for (var attempt = 0; attempt < 8; attempt++)
            {
                if (TakeReady(Now) is not { } taken)
                {
                    return null;
                }

                if (await TryLockAsync(taken.InstanceId, taken.Inbox, taken.Messages, lockDuration, cancellationToken).ConfigureAwait(false) is { } item)
                {
                    return item;
                }
            }

            return null;
        }).ConfigureAwait(false);
    }

    public async Task<bool> RenewOrchestrationLockAsync(OrchestrationWorkItem workItem, TimeSpan lockDuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        OrchestrationLock? held;
        lock (_bufferLock)
        {
            held = _orchestrationLocks.GetValueOrDefault(workItem.LockToken);
        }

        if (held is null)
        {
            return false;
        }

        var expires = Now + lockDuration;
        return await GuardAsync(async () =>
        {
            try
            {
                var update = new TableEntity(TableKeys.Escape(workItem.InstanceId), "") { [InstanceRows.LockExpires] = expires.Ticks };
                var response = await _instances.UpdateEntityAsync(update, held.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                held.ETag = response.Headers.ETag ?? held.ETag;
                workItem.LockedUntil = expires;
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                return false;
            }
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the episode in an order that is safe to repeat: (1) history rows past the committed count, (2) the
    /// outbox, (3) the instance row, checked against its etag, which commits the episode, (4) deleting the consumed
    /// messages. A crash before (3) leaves the old state and the messages, so the episode runs again (an activity
    /// may run twice); after (3), redelivered messages find their tasks already completed and are dropped.
    /// </summary>
    public async Task CompleteOrchestrationAsync(OrchestrationWorkItem workItem, OrchestrationCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(checkpoint);
        OrchestrationLock? held;
        lock (_bufferLock)
        {
            held = _orchestrationLocks.GetValueOrDefault(workItem.LockToken);
        }

        if (held is null)
        {
            throw new WorkItemLockLostException($"instance '{workItem.InstanceId}'");
        }

        var committed = false;
        try
        {
            await GuardAsync(() => CommitAsync(workItem, checkpoint, cancellationToken)).ConfigureAwait(false);
            committed = true;
        }
        catch (WorkItemLockLostException)
        {
            // Whoever holds the lock now reads these messages from the queue; this buffer's copies are stale.
            committed = true;
            throw;
        }
        finally
        {
            ReleaseLocal(workItem.LockToken, held, consumed: committed, notBefore: DateTime.MinValue);
        }

        foreach (var m in held.Messages)
        {
            await QuietlyAsync(() => DeleteQuietlyAsync(m.Partition, m.QueueMessageId, m.PopReceipt, m.Blob, CancellationToken.None)).ConfigureAwait(false);
        }

        if (checkpoint.ReplaceHistory && checkpoint.ExecutionId != workItem.ExecutionId)
        {
            await QuietlyAsync(() => DeleteHistoryAsync(workItem.InstanceId, checkpoint.ExecutionId, CancellationToken.None)).ConfigureAwait(false);
        }

        _signal.Signal(WorkKind.Orchestration);
        if (checkpoint.ActivityRequests.Count > 0)
        {
            _signal.Signal(WorkKind.Activity);
        }
    }

    private async Task CommitAsync(OrchestrationWorkItem workItem, OrchestrationCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var row = await ReadRowAsync(workItem.InstanceId, cancellationToken).ConfigureAwait(false);
        if (row is null || row.GetString(InstanceRows.LockToken) != workItem.LockToken)
        {
            throw new WorkItemLockLostException($"instance '{workItem.InstanceId}'");
        }

        var historyCount = InstanceRows.HistoryCountOf(row);
        if (checkpoint.ReplaceHistory)
        {
            if (checkpoint.ExecutionId == InstanceRows.ExecutionOf(row))
            {
                await DeleteHistoryAsync(workItem.InstanceId, keepExecution: null, cancellationToken).ConfigureAwait(false);
            }

            historyCount = 0;
        }

        async Task<bool> StillLocked() =>
            (await ReadRowAsync(workItem.InstanceId, cancellationToken).ConfigureAwait(false))?.GetString(InstanceRows.LockToken) == workItem.LockToken;

        await WriteHistoryAsync(workItem.InstanceId, checkpoint.ExecutionId, historyCount, checkpoint.NewEvents, StillLocked, cancellationToken).ConfigureAwait(false);
        foreach (var request in checkpoint.ActivityRequests)
        {
            await SendAsync(_workItems, request, cancellationToken).ConfigureAwait(false);
        }

        foreach (var message in checkpoint.OrchestrationMessages)
        {
            await RouteAsync(message, workItem.InstanceId, cancellationToken).ConfigureAwait(false);
        }

        var state = checkpoint.State;
        var next = new TableEntity(row)
        {
            [InstanceRows.ExecutionId] = checkpoint.ExecutionId,
            [InstanceRows.Status] = (int)state.RuntimeStatus,
            [InstanceRows.LastUpdatedAt] = state.LastUpdatedAt.Ticks,
            [InstanceRows.HistoryCount] = historyCount + checkpoint.NewEvents.Count,
            [InstanceRows.LockToken] = "",
            [InstanceRows.LockExpires] = 0L,
        };
        next.ETag = row.ETag;
        if (state.Name is not null)
        {
            next[InstanceRows.Name] = state.Name;
        }

        next.Remove(InstanceRows.Failure);
        if (state.FailureDetails is not null)
        {
            next[InstanceRows.Failure] = JsonSerializer.Serialize(state.FailureDetails, HistoryJson.Options);
        }

        await InstanceRows.SetTextAsync(_large, next, InstanceRows.Output, state.Output, cancellationToken).ConfigureAwait(false);
        await InstanceRows.SetTextAsync(_large, next, InstanceRows.CustomStatus, state.CustomStatus, cancellationToken).ConfigureAwait(false);
        if (state.UpdateInput)
        {
            await InstanceRows.SetTextAsync(_large, next, InstanceRows.Input, state.Input, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await _instances.UpdateEntityAsync(next, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            throw new WorkItemLockLostException($"instance '{workItem.InstanceId}'");
        }
    }

    public async Task AbandonOrchestrationAsync(OrchestrationWorkItem workItem, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        OrchestrationLock? held;
        lock (_bufferLock)
        {
            held = _orchestrationLocks.GetValueOrDefault(workItem.LockToken);
        }

        if (held is null)
        {
            return;
        }

        var until = Now + delay;
        ReleaseLocal(workItem.LockToken, held, consumed: false, notBefore: until);
        var update = new TableEntity(TableKeys.Escape(workItem.InstanceId), "") { [InstanceRows.LockToken] = "", [InstanceRows.LockExpires] = until.Ticks };
        await QuietlyAsync(() => _instances.UpdateEntityAsync(update, held.ETag, TableUpdateMode.Merge, cancellationToken)).ConfigureAwait(false);
        _signal.Signal(WorkKind.Orchestration);
    }
}
