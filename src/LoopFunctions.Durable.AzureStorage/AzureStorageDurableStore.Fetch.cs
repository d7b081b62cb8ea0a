using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace LoopFunctions.Durable.AzureStorage;

/// <summary>Reading owned control queues into the per-instance buffer: early messages are held or put back, messages
/// read again only refresh their pop receipt, and consumed ones whose delete failed are deleted on sight.</summary>
public sealed partial class AzureStorageDurableStore
{
    /// <summary>Reads every owned control queue into the buffer.</summary>
    private async Task FetchAsync(CancellationToken cancellationToken)
    {
        int[] owned;
        lock (_bufferLock)
        {
            if (_buffered.Count >= MaxBuffered)
            {
                return;
            }

            owned = [.. _owned.Keys];
        }

        await Task.WhenAll(owned.Select(p => FetchPartitionAsync(p, cancellationToken))).ConfigureAwait(false);
    }

    private async Task FetchPartitionAsync(int partition, CancellationToken cancellationToken)
    {
        var queue = _control[partition];
        var received = (await queue.ReceiveMessagesAsync(32, _options.ControlMessageVisibilityTimeout, cancellationToken).ConfigureAwait(false)).Value;
        foreach (var raw in received)
        {
            lock (_bufferLock)
            {
                if (_buffered.TryGetValue(raw.MessageId, out var known))
                {
                    // Read again after its visibility lapsed while buffered: only the receipt is new.
                    known.PopReceipt = raw.PopReceipt;
                    continue;
                }
            }

            if (IsConsumed(raw.MessageId))
            {
                await DeleteQuietlyAsync(partition, raw.MessageId, raw.PopReceipt, null, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var (envelope, message, error) = await DecodeAsync(raw, cancellationToken).ConfigureAwait(false);
            if (envelope is null)
            {
                // Not addressed to any instance: nothing can consume it.
                await DeleteQuietlyAsync(partition, raw.MessageId, raw.PopReceipt, null, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var due = message?.VisibleAt ?? DateTime.MinValue;
            if (due - Now > HoldAhead)
            {
                await DeferAsync(queue, raw, due, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var added = AddToBuffer(new BufferedMessage
            {
                QueueMessageId = raw.MessageId,
                Partition = partition,
                PopReceipt = raw.PopReceipt,
                InstanceId = envelope.InstanceId,
                Message = message,
                Error = error,
                VisibleAt = due,
                Order = envelope.Order,
                Blob = envelope.Blob,
            });
            if (added is false)
            {
                // The partition was released while this read was in flight: hand the message straight back to the
                // queue for the new owner instead of leaving it hidden for the whole visibility timeout.
                await QuietlyAsync(() => queue.UpdateMessageAsync(raw.MessageId, raw.PopReceipt, (BinaryData?)null, TimeSpan.Zero, cancellationToken)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Puts an early message back, hidden until it is due or for the longest deferral, whichever is sooner.</summary>
    private async Task DeferAsync(QueueClient queue, QueueMessage raw, DateTime due, CancellationToken cancellationToken)
    {
        var delay = DelayUntil(due);
        try
        {
            await queue.UpdateMessageAsync(raw.MessageId, raw.PopReceipt, (BinaryData?)null, delay < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : delay, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Deleted or read by someone else meanwhile.
        }
    }

    /// <summary>Buffers a message read from an owned queue. False when the partition is no longer owned (the caller
    /// hands the message back); null when it was already buffered.</summary>
    private bool? AddToBuffer(BufferedMessage message)
    {
        lock (_bufferLock)
        {
            if (!_owned.ContainsKey(message.Partition))
            {
                return false;
            }

            if (!_buffered.TryAdd(message.QueueMessageId, message))
            {
                return null;
            }

            if (!_inboxes.TryGetValue(message.InstanceId, out var inbox))
            {
                _inboxes[message.InstanceId] = inbox = new InstanceInbox();
            }

            var at = inbox.Messages.FindIndex(m => m.Order > message.Order);
            inbox.Messages.Insert(at < 0 ? inbox.Messages.Count : at, message);
            return true;
        }
    }

    private bool IsConsumed(string messageId)
    {
        lock (_bufferLock)
        {
            return _consumed.Contains(messageId);
        }
    }

    private async Task DeleteQuietlyAsync(int partition, string messageId, string popReceipt, string? blob, CancellationToken cancellationToken)
    {
        try
        {
            await _control[partition].DeleteMessageAsync(messageId, popReceipt, cancellationToken).ConfigureAwait(false);
            if (blob is not null)
            {
                await _large.DeleteAsync(blob, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The receipt is stale: the message will show up again, and is then recognised as consumed.
            lock (_bufferLock)
            {
                if (_consumed.Count > 100_000)
                {
                    _consumed.Clear();
                }

                _consumed.Add(messageId);
            }
        }
    }
}
