using System.Text.RegularExpressions;

namespace LoopFunctions.Durable.AzureStorage;

/// <summary>Settings of the Azure Storage provider.</summary>
public sealed partial class AzureStorageOptions
{
    /// <summary>The storage account's connection string; <c>UseDevelopmentStorage=true</c> selects Azurite. Required.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The task hub: a prefix of every table, queue and container. Letters and digits, starting with a
    /// letter, 3 to 45 characters. Default "LoopFunctions".</summary>
    public string HubName { get; set; } = "LoopFunctions";

    /// <summary>How many control queues (and partitions) instances are spread over; 1 to 16. Default 4, as Durable Functions.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>This worker's name, for diagnostics. Default machine name and process id.</summary>
    public string WorkerId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>How long a partition lease lasts without renewal: when a worker dies, another takes its partitions
    /// over after at most this long. 15 to 60 seconds (the blob service's limits). Default 30 s.</summary>
    public TimeSpan PartitionLeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often leases are renewed and free partitions are claimed; less than a third of
    /// <see cref="PartitionLeaseDuration"/>. Default 5 s.</summary>
    public TimeSpan PartitionLeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long control messages read into this worker's buffer stay invisible to others; a worker that dies
    /// holding them hands them on after this long. Default 5 minutes.</summary>
    public TimeSpan ControlMessageVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest a message due in the future is kept invisible before the owner checks it again against
    /// the store's clock. At most 7 days (the queue service's limit, and the default). A short value lets a clock
    /// other than the system's (tests) bring timers forward.</summary>
    public TimeSpan MaxMessageDeferral { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Messages delivered to one episode at most. Default 1,000.</summary>
    public int MaxMessagesPerEpisode { get; set; } = 1000;

    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException(
                "AzureStorageOptions.ConnectionString must be set (a storage account connection string, or 'UseDevelopmentStorage=true' for Azurite).",
                nameof(ConnectionString));
        }

        if (HubName is null || !HubNamePattern().IsMatch(HubName))
        {
            throw new ArgumentException(
                $"AzureStorageOptions.HubName must be 3 to 45 letters or digits starting with a letter, as it prefixes table, queue and container names (was '{HubName}').",
                nameof(HubName));
        }

        if (PartitionCount is < 1 or > 16)
        {
            throw new ArgumentException($"AzureStorageOptions.PartitionCount must be 1 to 16 (was {PartitionCount}).", nameof(PartitionCount));
        }

        if (string.IsNullOrWhiteSpace(WorkerId))
        {
            throw new ArgumentException("AzureStorageOptions.WorkerId must not be empty.", nameof(WorkerId));
        }

        if (PartitionLeaseDuration < TimeSpan.FromSeconds(15) || PartitionLeaseDuration > TimeSpan.FromSeconds(60))
        {
            throw new ArgumentException(
                $"AzureStorageOptions.PartitionLeaseDuration must be 15 to 60 seconds, the blob lease limits (was {PartitionLeaseDuration}).", nameof(PartitionLeaseDuration));
        }

        if (PartitionLeaseRenewInterval <= TimeSpan.Zero || PartitionLeaseRenewInterval * 3 > PartitionLeaseDuration)
        {
            throw new ArgumentException(
                $"AzureStorageOptions.PartitionLeaseRenewInterval must be more than zero and at most a third of PartitionLeaseDuration (was {PartitionLeaseRenewInterval}).",
                nameof(PartitionLeaseRenewInterval));
        }

        if (ControlMessageVisibilityTimeout < TimeSpan.FromSeconds(1) || ControlMessageVisibilityTimeout > TimeSpan.FromDays(7))
        {
            throw new ArgumentException(
                $"AzureStorageOptions.ControlMessageVisibilityTimeout must be 1 second to 7 days (was {ControlMessageVisibilityTimeout}).", nameof(ControlMessageVisibilityTimeout));
        }

        if (MaxMessageDeferral < TimeSpan.FromSeconds(1) || MaxMessageDeferral > TimeSpan.FromDays(7))
        {
            throw new ArgumentException($"AzureStorageOptions.MaxMessageDeferral must be 1 second to 7 days (was {MaxMessageDeferral}).", nameof(MaxMessageDeferral));
        }

        if (MaxMessagesPerEpisode < 1)
        {
            throw new ArgumentException($"AzureStorageOptions.MaxMessagesPerEpisode must be at least 1 (was {MaxMessagesPerEpisode}).", nameof(MaxMessagesPerEpisode));
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex HubNamePattern();
}
