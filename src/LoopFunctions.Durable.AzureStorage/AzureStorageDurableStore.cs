using System.Globalization;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using LoopFunctions.Durable.Storage;

namespace LoopFunctions.Durable.AzureStorage;

/// <summary>
/// A provider on an Azure Storage account (or Azurite): instance and history tables, partitioned control queues owned
/// through blob leases, a competing-consumer work-item queue for activities, and a blob container for large payloads.
/// See the project's README for the layout and the order in which an episode is written.
/// </summary>
public sealed partial class AzureStorageDurableStore : IDurableStore, IWorkNotifier, IAsyncDisposable
{
    private readonly AzureStorageOptions _options;
    private readonly TimeProvider _time;
    private readonly TableClient _instances;
    private readonly TableClient _history;
    private readonly QueueClient[] _control;
    private readonly QueueClient _workItems;
    private readonly BlobContainerClient _leases;
    private readonly LargePayloads _large;
    private readonly WorkSignal _signal = new();
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;
    private volatile bool _disposed;

    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public AzureStorageDurableStore(AzureStorageOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        var hub = options.HubName;
        var lower = hub.ToLowerInvariant();
        try
        {
            var tables = new TableServiceClient(options.ConnectionString, Configure(new TableClientOptions()));
            var queues = new QueueServiceClient(options.ConnectionString, Configure(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }));
            var blobs = new BlobServiceClient(options.ConnectionString, Configure(new BlobClientOptions()));
            _instances = tables.GetTableClient(hub + "Instances");
            _history = tables.GetTableClient(hub + "History");
            _control = [.. Enumerable.Range(0, options.PartitionCount)
                .Select(p => queues.GetQueueClient($"{lower}-control-{p.ToString("D2", CultureInfo.InvariantCulture)}"))];
            _workItems = queues.GetQueueClient(lower + "-workitems");
            _leases = blobs.GetBlobContainerClient(lower + "-leases");
            _large = new LargePayloads(blobs.GetBlobContainerClient(lower + "-large"));
            Account = blobs.AccountName;
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"AzureStorageOptions.ConnectionString is not a valid storage connection string: {ex.Message}", nameof(options), ex);
        }
    }

    /// <summary>The task hub.</summary>
    public string HubName => _options.HubName;

    /// <summary>This worker's id.</summary>
    public string WorkerId => _options.WorkerId;

    internal string Account { get; }

    internal IReadOnlyList<QueueClient> ControlQueues => _control;

    internal QueueClient WorkItemQueue => _workItems;

    internal TableClient InstanceTable => _instances;

    internal TableClient HistoryTable => _history;

    internal BlobContainerClient LeaseContainer => _leases;

    internal BlobContainerClient LargeContainer => _large.Container;

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_initialized)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                await GuardAsync(async () =>
                {
                    await _instances.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                    await _history.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                    foreach (var queue in _control.Append(_workItems))
                    {
                        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                    }

                    await _leases.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                    await _large.Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                    for (var p = 0; p < _control.Length; p++)
                    {
                        try
                        {
                            await _leases.GetBlobClient(LeaseBlobName(p)).UploadAsync(BinaryData.Empty, overwrite: false, cancellationToken).ConfigureAwait(false);
                        }
                        catch (RequestFailedException ex) when (ex.Status == 409)
                        {
                            // Exists already, perhaps leased by another worker: that is the point of it.
                        }
                    }

                    return true;
                }).ConfigureAwait(false);
                _initialized = true;
            }
        }
        catch (RequestFailedException ex)
        {
            // Reachable but refusing (bad key, API version, permissions): say so once, at start-up, without the stack.
            throw new StoreUnavailableException(
                $"Azure Storage account '{Account}' refused to create the task hub '{_options.HubName}': {ex.Status} {ex.ErrorCode}: {ex.Message.Split('\n')[0].Trim()}", ex);
        }
        finally
        {
            _initLock.Release();
        }
    }

    public Task WaitForWorkAsync(WorkKind kind, TimeSpan maxWait, CancellationToken cancellationToken) =>
        _signal.WaitAsync(kind, maxWait, cancellationToken);

    /// <summary>Stops claiming partitions, hands buffered messages back to the queues and releases the leases, so
    /// another worker takes over at once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await StopPartitionsAsync(release: true).ConfigureAwait(false);
        _disposed = true;
    }

    /// <summary>Deletes the task hub: its tables, queues and containers, with everything in them.</summary>
    public async Task DeleteTaskHubAsync(CancellationToken cancellationToken = default) =>
        await GuardAsync(async () =>
        {
            await _instances.DeleteAsync(cancellationToken).ConfigureAwait(false);
            await _history.DeleteAsync(cancellationToken).ConfigureAwait(false);
            foreach (var queue in _control.Append(_workItems))
            {
                await queue.DeleteIfExistsAsync(cancellationToken).ConfigureAwait(false);
            }

            await _leases.DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await _large.Container.DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            _initialized = false;
        }).ConfigureAwait(false);

    /// <summary>Stops like a killed process: leases are left to expire and buffered messages to reappear.</summary>
    internal async Task SimulateCrashAsync()
    {
        await StopPartitionsAsync(release: false).ConfigureAwait(false);
        _disposed = true;
    }

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    private static string LeaseBlobName(int partition) => "partition-" + partition.ToString("D2", CultureInfo.InvariantCulture);

    private QueueClient ControlQueueFor(string instanceId) => _control[StableHash.Partition(instanceId, _control.Length)];

    private async Task<T> GuardAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (Exception ex) when (AzureErrors.IsUnavailable(ex))
        {
            throw AzureErrors.Unavailable(ex, Account);
        }
    }

    private async Task GuardAsync(Func<Task> work) =>
        await GuardAsync(async () =>
        {
            await work().ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

    private async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (!_initialized)
        {
            await CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
    }

    private static T Configure<T>(T options) where T : ClientOptions
    {
        // Fail over to StoreUnavailableException in seconds, not minutes, when the account cannot be reached.
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        return options;
    }
}
