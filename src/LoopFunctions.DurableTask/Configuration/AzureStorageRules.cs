namespace LoopFunctions.DurableTask.Configuration;

/// <summary>The rules of the Azure Storage backend's settings, written once: host.json's reader checks a key with
/// them and the backend's options validator checks the settings object with them, so a value gets the same verdict
/// whichever way it was given.</summary>
internal static class AzureStorageRules
{
    public static readonly (int Min, int Max) PartitionCount = (1, 16);

    public static readonly (int Min, int Max) ControlQueueBatchSize = (1, 32);

    public static readonly (int Min, int Max) ControlQueueBufferThreshold = (1, 1000);

    /// <summary>Azure Storage queues take a visibility timeout of at most 7 days, counted in whole seconds.</summary>
    public static readonly (TimeSpan Min, TimeSpan Max) VisibilityTimeout = (TimeSpan.FromSeconds(1), TimeSpan.FromDays(7));

    /// <summary>Why <paramref name="renew"/> is not usable with <paramref name="duration"/>, or null: a lease renewed
    /// no sooner than it expires is lost between renewals.</summary>
    public static string? LeaseRenewal(TimeSpan renew, TimeSpan duration) =>
        renew > TimeSpan.Zero && renew < duration ? null : $"must be shorter than the lease duration and more than zero ({renew:c} is not shorter than {duration:c})";

    /// <summary>Why <paramref name="duration"/> is not usable, or null: blob leases (the default) are Azure Storage
    /// leases, which last 15 to 60 seconds; the table manager has no limit.</summary>
    public static string? LeaseDuration(TimeSpan duration, bool useTablePartitionManagement) =>
        useTablePartitionManagement || (duration >= BlobLease.Shortest && duration <= BlobLease.Longest)
            ? null
            : $"must be between {BlobLease.Shortest:c} and {BlobLease.Longest:c} with blob leases, Azure Storage's lease limits (was {duration:c}); table partition management has no such limit";

    /// <summary>Why the two partition managers cannot be chosen together, or null.</summary>
    public static string? PartitionManagement(bool useTablePartitionManagement, bool useLegacyPartitionManagement) =>
        useTablePartitionManagement && useLegacyPartitionManagement ? "cannot be true together with table partition management" : null;
}
