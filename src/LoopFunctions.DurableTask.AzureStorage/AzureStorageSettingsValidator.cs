using DurableTask.AzureStorage;
using LoopFunctions.DurableTask.Configuration;
using Microsoft.Extensions.Options;

namespace LoopFunctions.DurableTask.AzureStorage;

/// <summary>Checks the Azure Storage backend's settings at start; each message names the setting and its host.json key.</summary>
internal sealed class AzureStorageSettingsValidator(AzureStorageConnection connection) : IValidateOptions<AzureStorageOrchestrationServiceSettings>
{
    public ValidateOptionsResult Validate(string? name, AzureStorageOrchestrationServiceSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        void Check(bool ok, string setting, string rule, object? value)
        {
            if (!ok)
            {
                errors.Add($"AzureStorageOrchestrationServiceSettings.{setting}: {rule} (was '{value}').");
            }
        }

        if (options.StorageAccountClientProvider is null)
        {
            errors.Add(connection.Name is null
                ? "Azure Storage: no connection string."
                : $"Azure Storage: {connection.Source} names '{connection.Name}', but the configuration has no value by that name " +
                  "(set it as an environment variable, in local.settings.json Values, or under ConnectionStrings; UseDevelopmentStorage=true means Azurite).");
        }

        void Rule(string? reason, string setting)
        {
            if (reason is not null)
            {
                errors.Add($"AzureStorageOrchestrationServiceSettings.{setting}: {reason}.");
            }
        }

        Check(TaskHubNames.IsValid(options.TaskHubName), "TaskHubName (host.json hubName)", "must be " + TaskHubNames.Rule, options.TaskHubName);
        Check(InRange(options.PartitionCount, AzureStorageRules.PartitionCount), "PartitionCount (host.json storageProvider.partitionCount)", $"must be between {AzureStorageRules.PartitionCount.Min} and {AzureStorageRules.PartitionCount.Max}", options.PartitionCount);
        Check(options.MaxConcurrentTaskActivityWorkItems >= 1, "MaxConcurrentTaskActivityWorkItems (host.json maxConcurrentActivityFunctions)", "must be at least 1", options.MaxConcurrentTaskActivityWorkItems);
        Check(options.MaxConcurrentTaskOrchestrationWorkItems >= 1, "MaxConcurrentTaskOrchestrationWorkItems (host.json maxConcurrentOrchestratorFunctions)", "must be at least 1", options.MaxConcurrentTaskOrchestrationWorkItems);
        Check(InRange(options.ControlQueueBatchSize, AzureStorageRules.ControlQueueBatchSize), "ControlQueueBatchSize (host.json storageProvider.controlQueueBatchSize)", $"must be between {AzureStorageRules.ControlQueueBatchSize.Min} and {AzureStorageRules.ControlQueueBatchSize.Max}", options.ControlQueueBatchSize);
        Check(InRange(options.ControlQueueBufferThreshold, AzureStorageRules.ControlQueueBufferThreshold), "ControlQueueBufferThreshold (host.json storageProvider.controlQueueBufferThreshold)", $"must be between {AzureStorageRules.ControlQueueBufferThreshold.Min} and {AzureStorageRules.ControlQueueBufferThreshold.Max}", options.ControlQueueBufferThreshold);
        Check(InRange(options.ControlQueueVisibilityTimeout, AzureStorageRules.VisibilityTimeout), "ControlQueueVisibilityTimeout (host.json storageProvider.controlQueueVisibilityTimeout)", $"must be between {AzureStorageRules.VisibilityTimeout.Min:c} and {AzureStorageRules.VisibilityTimeout.Max:c}", options.ControlQueueVisibilityTimeout);
        Check(InRange(options.WorkItemQueueVisibilityTimeout, AzureStorageRules.VisibilityTimeout), "WorkItemQueueVisibilityTimeout (host.json storageProvider.workItemQueueVisibilityTimeout)", $"must be between {AzureStorageRules.VisibilityTimeout.Min:c} and {AzureStorageRules.VisibilityTimeout.Max:c}", options.WorkItemQueueVisibilityTimeout);
        Check(options.MaxQueuePollingInterval > TimeSpan.Zero, "MaxQueuePollingInterval (host.json storageProvider.maxQueuePollingInterval)", "must be more than zero", options.MaxQueuePollingInterval);
        Rule(AzureStorageRules.LeaseRenewal(options.LeaseRenewInterval, options.LeaseInterval)?.Replace("the lease duration", "LeaseInterval", StringComparison.Ordinal), "LeaseRenewInterval (host.json storageProvider.partitionLeaseRenewInterval)");
        Rule(AzureStorageRules.LeaseDuration(options.LeaseInterval, options.UseTablePartitionManagement)?.Replace("table partition management", "UseTablePartitionManagement", StringComparison.Ordinal), "LeaseInterval (host.json storageProvider.partitionLeaseDuration)");
        Check(options.LeaseAcquireInterval > TimeSpan.Zero, "LeaseAcquireInterval (host.json storageProvider.partitionLeaseAcquireInterval)", "must be more than zero", options.LeaseAcquireInterval);
        Check(options.MaxEntityOperationBatchSize is null or >= 1, "MaxEntityOperationBatchSize (host.json maxEntityOperationBatchSize)", "must be at least 1 when set", options.MaxEntityOperationBatchSize);
        Check(options.EntityMessageReorderWindowInMinutes >= 0, "EntityMessageReorderWindowInMinutes (host.json entityMessageReorderWindowInMinutes)", "must be 0 or more", options.EntityMessageReorderWindowInMinutes);
        Check(options.MaxConcurrentTaskEntityWorkItems >= 1, "MaxConcurrentTaskEntityWorkItems", "must be at least 1", options.MaxConcurrentTaskEntityWorkItems);
        Check(options.ExtendedSessionIdleTimeout > TimeSpan.Zero, "ExtendedSessionIdleTimeout (host.json extendedSessionIdleTimeoutInSeconds)", "must be more than zero", options.ExtendedSessionIdleTimeout);
        Rule(AzureStorageRules.PartitionManagement(options.UseTablePartitionManagement, options.UseLegacyPartitionManagement)?.Replace("table partition management", "UseTablePartitionManagement", StringComparison.Ordinal), "UseLegacyPartitionManagement (host.json storageProvider.useLegacyPartitionManagement)");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool InRange<T>(T value, (T Min, T Max) range)
        where T : IComparable<T> => value.CompareTo(range.Min) >= 0 && value.CompareTo(range.Max) <= 0;
}
