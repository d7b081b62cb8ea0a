using DurableTask.AzureStorage;
using LoopFunctions.DurableTask.Configuration;
using LoopFunctions.DurableTask.Sqlite;

namespace LoopFunctions.DurableTask.Hosting;

/// <summary>host.json's settings onto each backend's settings; unset values keep the backend's defaults.</summary>
internal static class HostJsonMapping
{
    public static void Apply(HostJsonSettings settings, SqliteOrchestrationServiceSettings sqlite)
    {
        sqlite.Path = settings.SqlitePath;
        sqlite.TaskHubName = settings.HubName;
        sqlite.MaxConcurrentTaskActivityWorkItems = settings.MaxConcurrentActivityFunctions;
        sqlite.MaxConcurrentTaskOrchestrationWorkItems = settings.MaxConcurrentOrchestratorFunctions;
        sqlite.ExtendedSessionsEnabled = settings.ExtendedSessionsEnabledForBackend;
        sqlite.ExtendedSessionIdleTimeout = TimeSpan.FromSeconds(settings.ExtendedSessionIdleTimeoutInSeconds);
        var s = settings.Sqlite;
        sqlite.MaxQueuePollingInterval = s.MaxQueuePollingInterval ?? sqlite.MaxQueuePollingInterval;
        sqlite.OrchestrationLockTimeout = s.OrchestrationLockTimeout ?? sqlite.OrchestrationLockTimeout;
        sqlite.ActivityLockTimeout = s.ActivityLockTimeout ?? sqlite.ActivityLockTimeout;
        sqlite.MaxDeliveryCount = s.MaxDeliveryCount ?? sqlite.MaxDeliveryCount;
        sqlite.MaxPayloadBytes = s.MaxPayloadBytes ?? sqlite.MaxPayloadBytes;
        sqlite.Synchronous = s.Synchronous ?? sqlite.Synchronous;
    }

    public static void Apply(HostJsonSettings settings, AzureStorageOrchestrationServiceSettings azure)
    {
        azure.TaskHubName = settings.HubName;
        azure.MaxConcurrentTaskActivityWorkItems = settings.MaxConcurrentActivityFunctions;
        azure.MaxConcurrentTaskOrchestrationWorkItems = settings.MaxConcurrentOrchestratorFunctions;
        azure.ExtendedSessionsEnabled = settings.ExtendedSessionsEnabledForBackend;
        azure.ExtendedSessionIdleTimeout = TimeSpan.FromSeconds(settings.ExtendedSessionIdleTimeoutInSeconds);
        var a = settings.AzureStorage;
        azure.PartitionCount = a.PartitionCount;
        azure.ControlQueueBatchSize = a.ControlQueueBatchSize;
        azure.ControlQueueBufferThreshold = a.ControlQueueBufferThreshold;
        azure.ControlQueueVisibilityTimeout = a.ControlQueueVisibilityTimeout;
        azure.WorkItemQueueVisibilityTimeout = a.WorkItemQueueVisibilityTimeout;
        azure.MaxQueuePollingInterval = a.MaxQueuePollingInterval;
        azure.LeaseInterval = a.PartitionLeaseDuration;
        azure.LeaseRenewInterval = a.PartitionLeaseRenewInterval;
        azure.LeaseAcquireInterval = a.PartitionLeaseAcquireInterval;
        azure.UseTablePartitionManagement = a.UseTablePartitionManagement;
        azure.UseLegacyPartitionManagement = a.UseLegacyPartitionManagement;
        azure.FetchLargeMessageDataEnabled = a.FetchLargeMessagesAutomatically;
        azure.UseAppLease = a.UseAppLease;
    }
}
