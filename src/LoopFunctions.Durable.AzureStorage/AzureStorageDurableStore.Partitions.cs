using Azure;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Queues.Models;

namespace LoopFunctions.Durable.AzureStorage;

/// <summary>
/// Partition ownership: a worker owns control queue N while it holds the lease on blob <c>partition-NN</c> in
/// <c>{hub}-leases</c>, renews it in the background, and claims any partition whose lease is free or expired (its
/// owner stopped or died). Only the owner reads a control queue, into the per-instance buffer.
/// </summary>
public sealed partial class AzureStorageDurableStore
{
    /// <summary>Messages due within this time are held in the buffer; later ones are put back in the queue.</summary>
    private static readonly TimeSpan HoldAhead = TimeSpan.FromSeconds(10);

    private const int MaxBuffered = 5000;

    private readonly Lock _bufferLock = new();
    private readonly Dictionary<string, InstanceInbox> _inboxes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BufferedMessage> _buffered = new(StringComparer.Ordinal);
    private readonly HashSet<string> _consumed = new(StringComparer.Ordinal);
    private readonly Dictionary<int, BlobLeaseClient> _owned = [];
    private readonly SemaphoreSlim _partitionsLock = new(1, 1);
    private readonly string _leaseId = Guid.NewGuid().ToString();
    private CancellationTokenSource? _partitionsStop;
    private Task? _partitionsLoop;

    /// <summary>The partitions this worker owns now.</summary>
    internal IReadOnlyList<int> OwnedPartitions
    {
        get
        {
            lock (_bufferLock)
            {
                return [.. _owned.Keys.Order()];
            }
        }
    }

    private async Task EnsurePartitionsAsync(CancellationToken cancellationToken)
    {
        if (_partitionsLoop is not null)
        {
            return;
        }

        await _partitionsLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_partitionsLoop is null)
            {
                await BalanceAsync(cancellationToken).ConfigureAwait(false);
                _partitionsStop = new CancellationTokenSource();
                _partitionsLoop = Task.Run(() => LeaseLoopAsync(_partitionsStop.Token), CancellationToken.None);
            }
        }
        finally
        {
            _partitionsLock.Release();
        }
    }

    private async Task LeaseLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.PartitionLeaseRenewInterval, stopping).ConfigureAwait(false);
                await BalanceAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is RequestFailedException or AggregateException or HttpRequestException)
            {
                // Storage unreachable: keep trying; leases that lapse meanwhile are re-acquired or lost below.
            }
        }
    }

    /// <summary>Renews owned leases and claims free ones. Greedy: the first worker takes every free partition;
    /// others take over what it drops or lets expire.</summary>
    private async Task BalanceAsync(CancellationToken cancellationToken)
    {
        for (var p = 0; p < _control.Length; p++)
        {
            BlobLeaseClient? owned;
            lock (_bufferLock)
            {
                owned = _owned.GetValueOrDefault(p);
            }

            try
            {
                if (owned is not null)
                {
                    await owned.RenewAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var lease = _leases.GetBlobClient(LeaseBlobName(p)).GetBlobLeaseClient(_leaseId);
                await lease.AcquireAsync(_options.PartitionLeaseDuration, cancellationToken: cancellationToken).ConfigureAwait(false);
                lock (_bufferLock)
                {
                    _owned[p] = lease;
                }
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
            {
                if (owned is not null)
                {
                    LosePartition(p);
                }
            }
        }
    }

    private void LosePartition(int partition)
    {
        lock (_bufferLock)
        {
            _owned.Remove(partition);
            foreach (var (id, inbox) in _inboxes.Where(i => !i.Value.Locked).ToList())
            {
                foreach (var m in inbox.Messages.Where(m => m.Partition == partition))
                {
                    _buffered.Remove(m.QueueMessageId);
                }

                inbox.Messages.RemoveAll(m => m.Partition == partition);
                if (inbox.Messages.Count == 0)
                {
                    _inboxes.Remove(id);
                }
            }
        }
    }

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

            AddToBuffer(new BufferedMessage
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
        }
    }

    /// <summary>Puts an early message back, hidden until it is due or for the longest deferral, whichever is sooner.</summary>
    private async Task DeferAsync(Azure.Storage.Queues.QueueClient queue, QueueMessage raw, DateTime due, CancellationToken cancellationToken)
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

    private void AddToBuffer(BufferedMessage message)
    {
        lock (_bufferLock)
        {
            if (!_owned.ContainsKey(message.Partition) || !_buffered.TryAdd(message.QueueMessageId, message))
            {
                return;
            }

            if (!_inboxes.TryGetValue(message.InstanceId, out var inbox))
            {
                _inboxes[message.InstanceId] = inbox = new InstanceInbox();
            }

            var at = inbox.Messages.FindIndex(m => m.Order > message.Order);
            inbox.Messages.Insert(at < 0 ? inbox.Messages.Count : at, message);
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

    private async Task StopPartitionsAsync(bool release)
    {
        await _partitionsLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_partitionsStop is not null)
            {
                await _partitionsStop.CancelAsync().ConfigureAwait(false);
                await _partitionsLoop!.ConfigureAwait(false);
                _partitionsStop.Dispose();
            }

            List<BufferedMessage> unconsumed;
            List<BlobLeaseClient> leases;
            lock (_bufferLock)
            {
                unconsumed = [.. _inboxes.Values.Where(i => !i.Locked).SelectMany(i => i.Messages)];
                leases = [.. _owned.Values];
                _owned.Clear();
                _inboxes.Clear();
                _buffered.Clear();
            }

            if (release)
            {
                await ReleaseAsync(unconsumed, leases).ConfigureAwait(false);
            }
        }
        finally
        {
            _partitionsLock.Release();
        }
    }

    /// <summary>Best effort: makes buffered messages visible again and frees the leases for the next owner.</summary>
    private async Task ReleaseAsync(List<BufferedMessage> unconsumed, List<BlobLeaseClient> leases)
    {
        foreach (var m in unconsumed)
        {
            await QuietlyAsync(() => _control[m.Partition].UpdateMessageAsync(m.QueueMessageId, m.PopReceipt, (BinaryData?)null, TimeSpan.Zero)).ConfigureAwait(false);
        }

        foreach (var lease in leases)
        {
            await QuietlyAsync(() => lease.ReleaseAsync()).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a cleanup step whose failure is harmless: what it would do happens anyway when a lease expires,
    /// a message's visibility lapses, or the next purge runs.</summary>
    private static async Task QuietlyAsync(Func<Task> step)
    {
        try
        {
            await step().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or HttpRequestException)
        {
        }
    }
}
