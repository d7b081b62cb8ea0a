namespace LoopFunctions.Durable.Configuration;

/// <summary><c>extensions.durableTask.storageProvider</c> in host.json.</summary>
public sealed class StorageProviderSettings
{
    /// <summary><c>Sqlite</c> (default), <c>InMemory</c>, or <c>AzureStorage</c>.</summary>
    public string Type { get; set; } = "Sqlite";

    /// <summary>SQLite: the database file, relative to host.json's folder. Default <c>.loopfunctions/store.db</c>.</summary>
    public string Path { get; set; } = ".loopfunctions/store.db";

    /// <summary>Azure Storage: the name of the setting that holds the connection string. Default <c>AzureWebJobsStorage</c>.</summary>
    public string ConnectionStringName { get; set; } = "AzureWebJobsStorage";

    /// <summary>Azure Storage: control-queue partitions. Default 4, as Durable Functions.</summary>
    public int PartitionCount { get; set; } = 4;
}
