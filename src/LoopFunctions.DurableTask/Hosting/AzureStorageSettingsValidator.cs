using System.Text.RegularExpressions;
using DurableTask.AzureStorage;
using LoopFunctions.DurableTask.Configuration;
using Microsoft.Extensions.Options;

namespace LoopFunctions.DurableTask.Hosting;

/// <summary>Checks the Azure Storage backend's settings at start; each message names the setting and its host.json key.</summary>
internal sealed partial class AzureStorageSettingsValidator(AzureStorageConnection connection) : IValidateOptions<AzureStorageOrchestrationServiceSettings>
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

        Check(options.TaskHubName is not null && HubName().IsMatch(options.TaskHubName), "TaskHubName (host.json hubName)", "must be 3 to 45 letters or digits, starting with a letter", options.TaskHubName);
        Check(options.PartitionCount is >= 1 and <= 16, "PartitionCount (host.json storageProvider.partitionCount)", "must be between 1 and 16", options.PartitionCount);
        Check(options.MaxConcurrentTaskActivityWorkItems >= 1, "MaxConcurrentTaskActivityWorkItems (host.json maxConcurrentActivityFunctions)", "must be at least 1", options.MaxConcurrentTaskActivityWorkItems);
        Check(options.MaxConcurrentTaskOrchestrationWorkItems >= 1, "MaxConcurrentTaskOrchestrationWorkItems (host.json maxConcurrentOrchestratorFunctions)", "must be at least 1", options.MaxConcurrentTaskOrchestrationWorkItems);
        Check(options.ControlQueueBatchSize is >= 1 and <= 32, "ControlQueueBatchSize (host.json storageProvider.controlQueueBatchSize)", "must be between 1 and 32", options.ControlQueueBatchSize);
        Check(options.ControlQueueBufferThreshold >= 1, "ControlQueueBufferThreshold (host.json storageProvider.controlQueueBufferThreshold)", "must be at least 1", options.ControlQueueBufferThreshold);
        Check(options.MaxQueuePollingInterval > TimeSpan.Zero, "MaxQueuePollingInterval (host.json storageProvider.maxQueuePollingInterval)", "must be more than zero", options.MaxQueuePollingInterval);
        Check(options.LeaseRenewInterval > TimeSpan.Zero && options.LeaseRenewInterval < options.LeaseInterval, "LeaseRenewInterval (host.json storageProvider.partitionLeaseRenewInterval)", $"must be more than zero and less than LeaseInterval ({options.LeaseInterval})", options.LeaseRenewInterval);
        Check(options.UseTablePartitionManagement || (options.LeaseInterval >= BlobLease.Shortest && options.LeaseInterval <= BlobLease.Longest), "LeaseInterval (host.json storageProvider.partitionLeaseDuration)", $"must be between {BlobLease.Shortest:c} and {BlobLease.Longest:c} with blob leases (Azure Storage's lease limits; UseTablePartitionManagement has none)", options.LeaseInterval);
        Check(options.LeaseAcquireInterval > TimeSpan.Zero, "LeaseAcquireInterval (host.json storageProvider.partitionLeaseAcquireInterval)", "must be more than zero", options.LeaseAcquireInterval);
        Check(options.ExtendedSessionIdleTimeout > TimeSpan.Zero, "ExtendedSessionIdleTimeout (host.json extendedSessionIdleTimeoutInSeconds)", "must be more than zero", options.ExtendedSessionIdleTimeout);
        Check(!(options.UseTablePartitionManagement && options.UseLegacyPartitionManagement), "UseLegacyPartitionManagement", "cannot be true together with UseTablePartitionManagement", options.UseLegacyPartitionManagement);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex HubName();
}
