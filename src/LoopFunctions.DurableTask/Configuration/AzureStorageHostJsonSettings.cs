namespace LoopFunctions.DurableTask.Configuration;

/// <summary><c>extensions.durableTask.storageProvider</c> when its <c>type</c> is <c>AzureStorage</c>, with Durable
/// Functions' names and defaults. Each maps onto <c>AzureStorageOrchestrationServiceSettings</c>.</summary>
public sealed record AzureStorageHostJsonSettings
{
    /// <summary><c>connectionStringName</c>: the configuration value (app setting, environment variable,
    /// local.settings.json <c>Values</c>, or <c>ConnectionStrings</c>) holding the account's connection string.
    /// <c>UseDevelopmentStorage=true</c> means Azurite on its default ports. Default <c>AzureWebJobsStorage</c>.</summary>
    public string ConnectionStringName { get; init; } = "AzureWebJobsStorage";

    /// <summary><c>partitionCount</c>: control queues, 1 to 16; fixed when the task hub is created. Default 4.</summary>
    public int PartitionCount { get; init; } = 4;

    /// <summary><c>controlQueueBatchSize</c>: messages read from a control queue at once, 1 to 32. Default 32.</summary>
    public int ControlQueueBatchSize { get; init; } = 32;

    /// <summary><c>controlQueueBufferThreshold</c>: control messages a worker dequeues ahead and holds in memory.
    /// Default <see cref="AzureStorageScaleOut.ControlQueueBufferThreshold"/> (64, Durable Functions' value for the
    /// Consumption plan; 256 on its dedicated plans): a buffered message is invisible to every other worker, so a
    /// partition that moves strands fewer of them.</summary>
    public int ControlQueueBufferThreshold { get; init; } = AzureStorageScaleOut.ControlQueueBufferThreshold;

    /// <summary><c>controlQueueVisibilityTimeout</c>: how long a dequeued control message stays invisible; when a
    /// partition moves, messages its old owner had dequeued wait this long before the new owner sees them. Default
    /// <see cref="AzureStorageScaleOut.ControlQueueVisibilityTimeout"/> (2 min; Durable Functions' is 5 min).</summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; init; } = AzureStorageScaleOut.ControlQueueVisibilityTimeout;

    /// <summary><c>workItemQueueVisibilityTimeout</c>: how long a dequeued activity message stays invisible (renewed
    /// while the activity runs), so how long an activity a dead worker held waits for another worker. Default
    /// <see cref="AzureStorageScaleOut.WorkItemQueueVisibilityTimeout"/> (1 min; Durable Functions' is 5 min).</summary>
    public TimeSpan WorkItemQueueVisibilityTimeout { get; init; } = AzureStorageScaleOut.WorkItemQueueVisibilityTimeout;

    /// <summary><c>maxQueuePollingInterval</c>: the longest wait between polls of an idle queue, so the longest an
    /// idle worker takes to notice new work. Default 30 s, as Durable Functions.</summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>partitionLeaseDuration</c>: how long a partition lease lasts without renewal, so how soon live
    /// workers take over a dead worker's partitions (DTFx <c>LeaseInterval</c>). Default 30 s.</summary>
    public TimeSpan PartitionLeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>partitionLeaseRenewInterval</c>: how often owned leases are renewed (DTFx <c>LeaseRenewInterval</c>).
    /// Default 10 s.</summary>
    public TimeSpan PartitionLeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary><c>partitionLeaseAcquireInterval</c>: how often a worker looks for partitions to take (DTFx
    /// <c>LeaseAcquireInterval</c>). Default 10 s.</summary>
    public TimeSpan PartitionLeaseAcquireInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary><c>useTablePartitionManagement</c>: partition ownership in a table instead of blob leases. Default
    /// <see langword="false"/>, as Durable Functions (its <c>AzureStorageOptions</c>): blob leases balanced by
    /// DTFx's safe partition manager, the mode the scale-out test proves with a worker killed mid-run.</summary>
    public bool UseTablePartitionManagement { get; init; }

    /// <summary><c>useLegacyPartitionManagement</c>: the v1 blob-lease balancer. Default <see langword="false"/>.</summary>
    public bool UseLegacyPartitionManagement { get; init; }

    /// <summary><c>fetchLargeMessagesAutomatically</c>: inputs and outputs too large for a queue message or table
    /// column live in blobs; fetch them transparently. Default <see langword="true"/>.</summary>
    public bool FetchLargeMessagesAutomatically { get; init; } = true;

    /// <summary><c>useAppLease</c> (under <c>extensions.durableTask</c>, as Durable Functions places it): only one
    /// app at a time processes a task hub. Default <see langword="true"/>.</summary>
    public bool UseAppLease { get; init; } = true;
}
