namespace LoopFunctions.DurableTask.Configuration;

/// <summary>Azure Storage's limits on a blob lease's duration, which bound <c>partitionLeaseDuration</c> when partitions
/// are owned through blob leases (Durable Functions' default); Azurite refuses other durations as the service does.</summary>
internal static class BlobLease
{
    public static readonly TimeSpan Shortest = TimeSpan.FromSeconds(15);

    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(60);
}
