using Azure;
using Azure.Storage.Blobs.Specialized;

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
                    // Lost (another worker holds it now): its buffered messages go back at once, not after their timeout.
                    await HandBackPartitionAsync(p).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Forgets a lost partition: its buffered messages that no episode holds are made visible again for the
    /// new owner. Messages of an episode running now stay with it and are deleted when it commits.</summary>
    private async Task HandBackPartitionAsync(int partition)
    {
        List<BufferedMessage> unconsumed;
        lock (_bufferLock)
        {
            // One step under the lock: an inbox locked after this point cannot have had its messages handed back.
            unconsumed = [.. _inboxes.Values.Where(i => !i.Locked).SelectMany(i => i.Messages).Where(m => m.Partition == partition)];
            LosePartitionLocked(partition);
        }

        await ReleaseAsync(unconsumed, []).ConfigureAwait(false);
    }

    /// <summary>Forgets a partition and its buffered messages that no episode holds; the caller holds the buffer lock.</summary>
    private void LosePartitionLocked(int partition)
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
