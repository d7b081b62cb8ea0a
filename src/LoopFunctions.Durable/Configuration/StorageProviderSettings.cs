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

    /// <summary>Azure Storage: how long a partition lease lasts without renewal, so how soon live workers take over
    /// a dead worker's partitions. 15 to 60 seconds. Default 30 s.</summary>
    public TimeSpan PartitionLeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Azure Storage: how long control messages a worker read stay hidden from others, so how soon a dead
    /// worker's buffered messages reach the next owner. Default 5 minutes, as Durable Functions.</summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
