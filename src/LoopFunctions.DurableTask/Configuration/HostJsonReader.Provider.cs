using System.Text.Json;
using LoopFunctions.DurableTask.Sqlite;

namespace LoopFunctions.DurableTask.Configuration;

internal sealed partial class HostJsonReader
{
    private StorageBackend? ReadBackend(JsonElement provider)
    {
        foreach (var (key, value) in Properties(provider, ProviderPath, reportDuplicates: false))
        {
            if (!key.Equals("type", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (String(ProviderPath, key, value) is { } type)
            {
                if (Enum.TryParse<StorageBackend>(type, ignoreCase: true, out var backend) && Enum.IsDefined(backend))
                {
                    return backend;
                }

                Problem(ProviderPath, key, $"'{type}' is not one of {string.Join(", ", Enum.GetNames<StorageBackend>())}.");
            }

            return null;
        }

        return StorageBackend.Sqlite;
    }

    private HostJsonSettings ReadProvider(HostJsonSettings settings, JsonElement provider, StorageBackend? backend)
    {
        var sqlite = settings.Sqlite;
        var azure = settings.AzureStorage;
        foreach (var (key, value) in Properties(provider, ProviderPath))
        {
            switch (key.ToUpperInvariant())
            {
                case "TYPE":
                    break;
                case "MAXQUEUEPOLLINGINTERVAL":
                    // The provider's own floor applies when host.json chooses SQLite (Azure Storage takes any positive value).
                    if (Duration(ProviderPath, key, value, backend == StorageBackend.Sqlite ? SqliteSettingsValidator.MinimumPollingInterval : null) is { } polling)
                    {
                        sqlite = sqlite with { MaxQueuePollingInterval = polling };
                        azure = azure with { MaxQueuePollingInterval = polling };
                    }

                    break;
                default:
                    if (IsSqliteKey(key))
                    {
                        sqlite = OnlyFor(StorageBackend.Sqlite, backend, ProviderPath, key) ? ReadSqlite(sqlite, key, value) : sqlite;
                    }
                    else if (IsAzureKey(key))
                    {
                        azure = OnlyFor(StorageBackend.AzureStorage, backend, ProviderPath, key) ? ReadAzure(azure, key, value) : azure;
                    }
                    else
                    {
                        Problem(ProviderPath, key, "unknown setting.");
                    }

                    break;
            }
        }

        CheckAzure(azure, provider);
        return settings with { Sqlite = sqlite, AzureStorage = azure };
    }

    private static bool IsSqliteKey(string key) => key.ToUpperInvariant() is
        "PATH" or "ORCHESTRATIONLOCKTIMEOUT" or "ACTIVITYLOCKTIMEOUT" or "MAXDELIVERYCOUNT" or "MAXPAYLOADBYTES" or "SYNCHRONOUS";

    private static bool IsAzureKey(string key) => key.ToUpperInvariant() is
        "CONNECTIONSTRINGNAME" or "PARTITIONCOUNT" or "CONTROLQUEUEBATCHSIZE" or "CONTROLQUEUEBUFFERTHRESHOLD"
        or "CONTROLQUEUEVISIBILITYTIMEOUT" or "WORKITEMQUEUEVISIBILITYTIMEOUT" or "PARTITIONLEASEDURATION"
        or "PARTITIONLEASERENEWINTERVAL" or "PARTITIONLEASEACQUIREINTERVAL" or "USETABLEPARTITIONMANAGEMENT"
        or "USELEGACYPARTITIONMANAGEMENT" or "FETCHLARGEMESSAGESAUTOMATICALLY";

    private SqliteHostJsonSettings ReadSqlite(SqliteHostJsonSettings sqlite, string key, JsonElement value) => key.ToUpperInvariant() switch
    {
        "PATH" => String(ProviderPath, key, value) is { } path ? sqlite with { Path = path } : sqlite,
        "ORCHESTRATIONLOCKTIMEOUT" => Duration(ProviderPath, key, value, SqliteSettingsValidator.MinimumLockTimeout) is { } orchestrationLock ? sqlite with { OrchestrationLockTimeout = orchestrationLock } : sqlite,
        "ACTIVITYLOCKTIMEOUT" => Duration(ProviderPath, key, value, SqliteSettingsValidator.MinimumLockTimeout) is { } activityLock ? sqlite with { ActivityLockTimeout = activityLock } : sqlite,
        "MAXDELIVERYCOUNT" => Int(ProviderPath, key, value, 1, SqliteSettingsValidator.MaximumDeliveryCount) is { } deliveries ? sqlite with { MaxDeliveryCount = deliveries } : sqlite,
        "MAXPAYLOADBYTES" => Int(ProviderPath, key, value, SqliteSettingsValidator.MinimumPayloadBytes, int.MaxValue) is { } payload ? sqlite with { MaxPayloadBytes = payload } : sqlite,
        _ => ReadSynchronous(sqlite, key, value),
    };

    private SqliteHostJsonSettings ReadSynchronous(SqliteHostJsonSettings sqlite, string key, JsonElement value)
    {
        if (String(ProviderPath, key, value) is not { } text)
        {
            return sqlite;
        }

        if (Enum.TryParse<SqliteSynchronousMode>(text, ignoreCase: true, out var mode) && Enum.IsDefined(mode))
        {
            return sqlite with { Synchronous = mode };
        }

        Problem(ProviderPath, key, $"'{text}' is not one of {string.Join(", ", Enum.GetNames<SqliteSynchronousMode>())}.");
        return sqlite;
    }

    private AzureStorageHostJsonSettings ReadAzure(AzureStorageHostJsonSettings azure, string key, JsonElement value) => key.ToUpperInvariant() switch
    {
        "CONNECTIONSTRINGNAME" => String(ProviderPath, key, value) is { } name ? azure with { ConnectionStringName = name } : azure,
        "PARTITIONCOUNT" => Int(ProviderPath, key, value, AzureStorageRules.PartitionCount.Min, AzureStorageRules.PartitionCount.Max) is { } partitions ? azure with { PartitionCount = partitions } : azure,
        "CONTROLQUEUEBATCHSIZE" => Int(ProviderPath, key, value, AzureStorageRules.ControlQueueBatchSize.Min, AzureStorageRules.ControlQueueBatchSize.Max) is { } batch ? azure with { ControlQueueBatchSize = batch } : azure,
        "CONTROLQUEUEBUFFERTHRESHOLD" => Int(ProviderPath, key, value, AzureStorageRules.ControlQueueBufferThreshold.Min, AzureStorageRules.ControlQueueBufferThreshold.Max) is { } buffer ? azure with { ControlQueueBufferThreshold = buffer } : azure,
        "CONTROLQUEUEVISIBILITYTIMEOUT" => Duration(ProviderPath, key, value, AzureStorageRules.VisibilityTimeout.Min, AzureStorageRules.VisibilityTimeout.Max) is { } control ? azure with { ControlQueueVisibilityTimeout = control } : azure,
        "WORKITEMQUEUEVISIBILITYTIMEOUT" => Duration(ProviderPath, key, value, AzureStorageRules.VisibilityTimeout.Min, AzureStorageRules.VisibilityTimeout.Max) is { } work ? azure with { WorkItemQueueVisibilityTimeout = work } : azure,
        "PARTITIONLEASEDURATION" => Duration(ProviderPath, key, value, TimeSpan.FromSeconds(1)) is { } lease ? azure with { PartitionLeaseDuration = lease } : azure,
        "PARTITIONLEASERENEWINTERVAL" => Duration(ProviderPath, key, value) is { } renew ? azure with { PartitionLeaseRenewInterval = renew } : azure,
        "PARTITIONLEASEACQUIREINTERVAL" => Duration(ProviderPath, key, value) is { } acquire ? azure with { PartitionLeaseAcquireInterval = acquire } : azure,
        "USETABLEPARTITIONMANAGEMENT" => Bool(ProviderPath, key, value) is { } table ? azure with { UseTablePartitionManagement = table } : azure,
        "USELEGACYPARTITIONMANAGEMENT" => Bool(ProviderPath, key, value) is { } legacy ? azure with { UseLegacyPartitionManagement = legacy } : azure,
        _ => Bool(ProviderPath, key, value) is { } fetch ? azure with { FetchLargeMessagesAutomatically = fetch } : azure,
    };

    private void CheckAzure(AzureStorageHostJsonSettings azure, JsonElement provider)
    {
        string Spelled(string name) => provider.EnumerateObject().FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Name ?? name;

        if (AzureStorageRules.LeaseRenewal(azure.PartitionLeaseRenewInterval, azure.PartitionLeaseDuration) is { } renewal)
        {
            Problem(ProviderPath, Spelled("partitionLeaseRenewInterval"), renewal.Replace("the lease duration", "partitionLeaseDuration", StringComparison.Ordinal) + ".");
        }

        if (AzureStorageRules.LeaseDuration(azure.PartitionLeaseDuration, azure.UseTablePartitionManagement) is { } duration)
        {
            Problem(ProviderPath, Spelled("partitionLeaseDuration"), duration.Replace("table partition management", "useTablePartitionManagement", StringComparison.Ordinal) + ".");
        }

        if (AzureStorageRules.PartitionManagement(azure.UseTablePartitionManagement, azure.UseLegacyPartitionManagement) is { } management)
        {
            Problem(ProviderPath, Spelled("useLegacyPartitionManagement"), management.Replace("table partition management", "useTablePartitionManagement", StringComparison.Ordinal) + ".");
        }
    }
}
