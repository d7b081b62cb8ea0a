using System.Globalization;
using DurableTask.AzureStorage;

namespace LoopFunctions.DurableTask.Tests.TestSupport;

/// <summary>Unique task hubs on the shared Azurite with settings that keep tests fast: one partition, short polling and
/// lease intervals, no app lease. Each process (each host build) gets its own worker id, as separate machines would.</summary>
internal sealed class AzureStorageTestHubs(AzuriteFixture azurite)
{
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..10];
    private int _count;

    public string ConnectionString => azurite.ConnectionString;

    public string NewHubName() => _prefix + "h" + Interlocked.Increment(ref _count).ToString(CultureInfo.InvariantCulture);

    public static void Fast(AzureStorageOrchestrationServiceSettings settings, string hub, bool? extendedSessions)
    {
        settings.TaskHubName = hub;
        settings.WorkerId = "w" + Guid.NewGuid().ToString("N")[..8];
        settings.PartitionCount = 1;
        settings.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(100);
        settings.LeaseAcquireInterval = TimeSpan.FromMilliseconds(500);
        settings.LeaseRenewInterval = TimeSpan.FromSeconds(2);

        // The shortest blob lease Azure Storage (and Azurite) grants: how soon a stopped host's partitions are free.
        settings.LeaseInterval = TimeSpan.FromSeconds(15);
        settings.UseAppLease = false;
        settings.ExtendedSessionIdleTimeout = TimeSpan.FromSeconds(5);
        if (extendedSessions is { } sessions)
        {
            settings.ExtendedSessionsEnabled = sessions;
        }
    }
}
