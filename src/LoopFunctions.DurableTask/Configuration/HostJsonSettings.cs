namespace LoopFunctions.DurableTask.Configuration;

/// <summary>
/// What LoopFunctions reads from host.json's <c>extensions.durableTask</c>, with Durable Functions' names and defaults.
/// Produced by <see cref="HostJson.Load"/>; applied with <c>IDurableEngineBuilder.UseHostJson</c>.
/// </summary>
public sealed record HostJsonSettings
{
    /// <summary>The default of <see cref="HubName"/>.</summary>
    public const string DefaultHubName = "LoopFunctions";

    /// <summary>The folder host.json is in (or would be); relative paths resolve against it.</summary>
    public required string Directory { get; init; }

    /// <summary>The host.json file read, or <see langword="null"/> when there was none and these are the defaults.</summary>
    public string? Source { get; init; }

    /// <summary><c>storageProvider.type</c>: <c>Sqlite</c> (default) or <c>AzureStorage</c>.</summary>
    public StorageBackend Backend { get; init; } = StorageBackend.Sqlite;

    /// <summary><c>hubName</c>: the task hub. 3 to 45 letters or digits, starting with a letter (Azure Storage's
    /// rule, applied to both backends so a host.json moves between them). Default <c>LoopFunctions</c>.</summary>
    public string HubName { get; init; } = DefaultHubName;

    /// <summary><c>maxConcurrentActivityFunctions</c>: activities one worker runs at once. Default 10 per processor,
    /// as Durable Functions on a dedicated plan.</summary>
    public int MaxConcurrentActivityFunctions { get; init; } = 10 * Environment.ProcessorCount;

    /// <summary><c>maxConcurrentOrchestratorFunctions</c>: orchestration work items one worker runs at once. Default
    /// 10 per processor.</summary>
    public int MaxConcurrentOrchestratorFunctions { get; init; } = 10 * Environment.ProcessorCount;

    /// <summary><c>extendedSessionsEnabled</c>: keep an instance's replay state in memory between work items.
    /// <see langword="null"/> when not set: the backend's default, <see langword="true"/> for SQLite (the embedded
    /// default keeps a loop step's cost flat as its history grows) and <see langword="false"/> for Azure Storage
    /// (Durable Functions' default).</summary>
    public bool? ExtendedSessionsEnabled { get; init; }

    /// <summary><c>extendedSessionIdleTimeoutInSeconds</c>: how long an idle session keeps its instance. Default 30.</summary>
    public int ExtendedSessionIdleTimeoutInSeconds { get; init; } = 30;

    /// <summary><c>maxEntityOperationBatchSize</c>: the most operations one entity runs in one batch (one state write).
    /// <see langword="null"/> when not set: the backend's default, no limit. 1 to 10000.</summary>
    public int? MaxEntityOperationBatchSize { get; init; }

    /// <summary><c>entityMessageReorderWindowInMinutes</c> (Azure Storage only): how long entity messages are remembered
    /// to drop duplicates and restore order, since Azure Storage queues deliver at least once and out of order.
    /// 0 passes messages through as they arrive. Default 30, as Durable Functions; 0 to 1440.</summary>
    public int EntityMessageReorderWindowInMinutes { get; init; } = 30;

    /// <summary>The SQLite settings of <c>storageProvider</c> (used when <see cref="Backend"/> is SQLite).</summary>
    public SqliteHostJsonSettings Sqlite { get; init; } = new();

    /// <summary>The Azure Storage settings of <c>storageProvider</c> (used when <see cref="Backend"/> is AzureStorage).</summary>
    public AzureStorageHostJsonSettings AzureStorage { get; init; } = new();

    /// <summary>The SQLite file as an absolute path (<see cref="SqliteHostJsonSettings.Path"/> against <see cref="Directory"/>).</summary>
    public string SqlitePath => Path.GetFullPath(Sqlite.Path, Directory);

    /// <summary>Whether extended sessions are on for the chosen backend, after its default.</summary>
    public bool ExtendedSessionsEnabledForBackend => ExtendedSessionsEnabled ?? Backend == StorageBackend.Sqlite;

    /// <summary>The settings host.json gives when it is missing or has no <c>extensions.durableTask</c> section.</summary>
    public static HostJsonSettings Defaults(string directory) => new() { Directory = Path.GetFullPath(directory) };
}
