using DurableTask.AzureStorage;
using LoopFunctions.DurableTask.Configuration;

namespace LoopFunctions.DurableTask.AzureStorage;

/// <summary>host.json's settings onto DurableTask.AzureStorage's; host.json's defaults are Durable Functions' (with
/// <see cref="AzureStorageScaleOut"/>'s three), so every value is set.</summary>
internal static class AzureStorageHostJsonMapping
{
    public static void Apply(HostJsonSettings settings, AzureStorageOrchestrationServiceSettings azure)
    {
        azure.TaskHubName = settings.HubName;
        azure.MaxConcurrentTaskActivityWorkItems = settings.MaxConcurrentActivityFunctions;
        azure.MaxConcurrentTaskOrchestrationWorkItems = settings.MaxConcurrentOrchestratorFunctions;
        azure.ExtendedSessionsEnabled = settings.ExtendedSessionsEnabledForBackend;
        azure.ExtendedSessionIdleTimeout = TimeSpan.FromSeconds(settings.ExtendedSessionIdleTimeoutInSeconds);
        azure.MaxEntityOperationBatchSize = settings.MaxEntityOperationBatchSize;
        azure.EntityMessageReorderWindowInMinutes = settings.EntityMessageReorderWindowInMinutes;
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
