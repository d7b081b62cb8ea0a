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
                    if (Duration(ProviderPath, key, value) is { } polling)
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
        "ORCHESTRATIONLOCKTIMEOUT" => Duration(ProviderPath, key, value, TimeSpan.FromSeconds(1)) is { } orchestrationLock ? sqlite with { OrchestrationLockTimeout = orchestrationLock } : sqlite,
        "ACTIVITYLOCKTIMEOUT" => Duration(ProviderPath, key, value, TimeSpan.FromSeconds(1)) is { } activityLock ? sqlite with { ActivityLockTimeout = activityLock } : sqlite,
        "MAXDELIVERYCOUNT" => Int(ProviderPath, key, value, 1, 1000) is { } deliveries ? sqlite with { MaxDeliveryCount = deliveries } : sqlite,
        "MAXPAYLOADBYTES" => Int(ProviderPath, key, value, 1024, int.MaxValue) is { } payload ? sqlite with { MaxPayloadBytes = payload } : sqlite,
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
        "PARTITIONCOUNT" => Int(ProviderPath, key, value, 1, 16) is { } partitions ? azure with { PartitionCount = partitions } : azure,
        "CONTROLQUEUEBATCHSIZE" => Int(ProviderPath, key, value, 1, 32) is { } batch ? azure with { ControlQueueBatchSize = batch } : azure,
        "CONTROLQUEUEBUFFERTHRESHOLD" => Int(ProviderPath, key, value, 1, 1000) is { } buffer ? azure with { ControlQueueBufferThreshold = buffer } : azure,
        "CONTROLQUEUEVISIBILITYTIMEOUT" => Duration(ProviderPath, key, value, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7)) is { } control ? azure with { ControlQueueVisibilityTimeout = control } : azure,
        "WORKITEMQUEUEVISIBILITYTIMEOUT" => Duration(ProviderPath, key, value, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7)) is { } work ? azure with { WorkItemQueueVisibilityTimeout = work } : azure,
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

        if (azure.PartitionLeaseRenewInterval >= azure.PartitionLeaseDuration)
        {
            Problem(ProviderPath, Spelled("partitionLeaseRenewInterval"), $"must be shorter than partitionLeaseDuration ({azure.PartitionLeaseRenewInterval:c} is not shorter than {azure.PartitionLeaseDuration:c}).");
        }

        // Blob leases (the default) are Azure Storage leases, which last 15 to 60 seconds; the table manager has no limit.
        if (!azure.UseTablePartitionManagement && (azure.PartitionLeaseDuration < BlobLease.Shortest || azure.PartitionLeaseDuration > BlobLease.Longest))
        {
            Problem(ProviderPath, Spelled("partitionLeaseDuration"), $"must be between {BlobLease.Shortest:c} and {BlobLease.Longest:c} with blob leases, Azure Storage's lease limits (was {azure.PartitionLeaseDuration:c}); useTablePartitionManagement has no such limit.");
        }

        if (azure.UseTablePartitionManagement && azure.UseLegacyPartitionManagement)
        {
            Problem(ProviderPath, Spelled("useLegacyPartitionManagement"), "cannot be true together with useTablePartitionManagement.");
        }
    }
}
