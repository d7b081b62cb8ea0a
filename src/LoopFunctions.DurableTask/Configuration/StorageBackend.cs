namespace LoopFunctions.DurableTask.Configuration;

/// <summary>The DTFx backend host.json's <c>storageProvider.type</c> selects.</summary>
public enum StorageBackend
{
    /// <summary>The embedded default: one SQLite file (<c>LoopFunctions.DurableTask.Sqlite</c>).</summary>
    Sqlite,

    /// <summary>DurableTask.AzureStorage: queues, tables and blobs of a storage account (or Azurite); the task hub
    /// Durable Functions uses by default.</summary>
    AzureStorage,
}
