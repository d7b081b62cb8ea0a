using Azure;
using Azure.Data.Tables;
using LoopFunctions.Durable.History;
using LoopFunctions.Durable.Storage;

namespace LoopFunctions.Durable.AzureStorage;

/// <summary>Choosing an instance from the buffer and taking its row lock.</summary>
public sealed partial class AzureStorageDurableStore
{
    private bool HasReady(DateTime now)
    {
        var tick = Environment.TickCount64;
        lock (_bufferLock)
        {
            return _inboxes.Values.Any(i => IsReady(i, now, tick));
        }
    }

    private static bool IsReady(InstanceInbox inbox, DateTime now, long tick) =>
        !inbox.Locked && inbox.NotBefore <= now && inbox.RetryAfterTick <= tick && inbox.Messages.Any(m => m.VisibleAt <= now);

    /// <summary>Marks the instance whose oldest due message is oldest as locked here, and returns its due messages.</summary>
    private (string InstanceId, InstanceInbox Inbox, List<BufferedMessage> Messages)? TakeReady(DateTime now)
    {
        var tick = Environment.TickCount64;
        lock (_bufferLock)
        {
            KeyValuePair<string, InstanceInbox>? best = null;
            var bestOrder = long.MaxValue;
            foreach (var entry in _inboxes)
            {
                if (!IsReady(entry.Value, now, tick))
                {
                    continue;
                }

                var order = entry.Value.Messages.Where(m => m.VisibleAt <= now).Min(m => m.Order);
                if (order < bestOrder)
                {
                    (best, bestOrder) = (entry, order);
                }
            }

            if (best is not { } chosen)
            {
                return null;
            }

            chosen.Value.Locked = true;
            var due = chosen.Value.Messages.Where(m => m.VisibleAt <= now).Take(_options.MaxMessagesPerEpisode).ToList();
            return (chosen.Key, chosen.Value, due);
        }
    }

    private async Task<OrchestrationWorkItem?> TryLockAsync(string instanceId, InstanceInbox inbox, List<BufferedMessage> messages, TimeSpan lockDuration, CancellationToken cancellationToken)
    {
        try
        {
            var row = await ReadRowAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (row is null)
            {
                // Messages for an instance that does not exist (never created, or purged) are dropped.
                Unlock(inbox, instanceId, drop: messages, retryAfter: TimeSpan.Zero, notBefore: DateTime.MinValue);
                foreach (var m in messages)
                {
                    await DeleteQuietlyAsync(m.Partition, m.QueueMessageId, m.PopReceipt, m.Blob, cancellationToken).ConfigureAwait(false);
                }

                return null;
            }

            var now = Now;
            var expires = InstanceRows.LockExpiresOf(row);
            if (expires > now.Ticks)
            {
                // Held by another worker (a previous owner of the partition), or abandoned with a delay.
                var held = !string.IsNullOrEmpty(row.GetString(InstanceRows.LockToken));
                Unlock(inbox, instanceId, drop: [], retryAfter: held ? BusyRetry : TimeSpan.Zero, notBefore: held ? DateTime.MinValue : InstanceRows.Ticks(expires));
                return null;
            }

            var token = Guid.NewGuid().ToString("N");
            var until = now + lockDuration;
            var update = new TableEntity(row.PartitionKey, "") { [InstanceRows.LockToken] = token, [InstanceRows.LockExpires] = until.Ticks };
            var response = await _instances.UpdateEntityAsync(update, row.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            lock (_bufferLock)
            {
                _orchestrationLocks[token] = new OrchestrationLock(instanceId, messages, response.Headers.ETag ?? row.ETag);
            }

            var undecodable = new List<string>();
            var delivered = new List<TaskMessage>(messages.Count);
            for (var i = 0; i < messages.Count; i++)
            {
                var m = messages[i];
                if (m.Message is null)
                {
                    // Kept only so that completing the episode consumes it; the worker fails the instance with this error.
                    undecodable.Add(m.Error ?? "undecodable message");
                }

                delivered.Add((m.Message ?? new TaskMessage(instanceId, "undecodable", new EventRaisedEvent(default, "", null))) with { SequenceNumber = i + 1 });
            }

            return new OrchestrationWorkItem
            {
                InstanceId = instanceId,
                ExecutionId = InstanceRows.ExecutionOf(row),
                Messages = delivered,
                UndecodableMessages = undecodable,
                HistoryCount = InstanceRows.HistoryCountOf(row),
                RuntimeStatus = InstanceRows.StatusOf(row),
                LockToken = token,
                LockedUntil = until,
            };
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            Unlock(inbox, instanceId, drop: [], retryAfter: BusyRetry, notBefore: DateTime.MinValue);
            return null;
        }
        catch
        {
            Unlock(inbox, instanceId, drop: [], retryAfter: BusyRetry, notBefore: DateTime.MinValue);
            throw;
        }
    }

    private void Unlock(InstanceInbox inbox, string instanceId, IReadOnlyList<BufferedMessage> drop, TimeSpan retryAfter, DateTime notBefore)
    {
        lock (_bufferLock)
        {
            inbox.Locked = false;
            inbox.RetryAfterTick = Environment.TickCount64 + (long)retryAfter.TotalMilliseconds;
            inbox.NotBefore = notBefore;
            foreach (var m in drop)
            {
                inbox.Messages.Remove(m);
                _buffered.Remove(m.QueueMessageId);
            }

            if (inbox.Messages.Count == 0 && _inboxes.GetValueOrDefault(instanceId) == inbox)
            {
                _inboxes.Remove(instanceId);
            }
        }
    }

    /// <summary>Forgets a work item; consumed messages leave the buffer, the others are delivered again.</summary>
    private void ReleaseLocal(string lockToken, OrchestrationLock held, bool consumed, DateTime notBefore)
    {
        lock (_bufferLock)
        {
            _orchestrationLocks.Remove(lockToken);
            if (_inboxes.TryGetValue(held.InstanceId, out var inbox))
            {
                Unlock(inbox, held.InstanceId, consumed ? held.Messages : [], TimeSpan.Zero, notBefore);
            }
        }
    }
}
