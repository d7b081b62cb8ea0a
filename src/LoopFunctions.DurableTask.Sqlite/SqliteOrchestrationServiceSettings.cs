namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>Settings of <see cref="SqliteOrchestrationService"/>: one SQLite file holding one or more task hubs.</summary>
/// <remarks>
/// The defaults are the embedded default of LoopFunctions. host.json (<c>extensions.durableTask</c>) maps onto these
/// with Durable Functions' names; see the hosting assembly.
/// </remarks>
public sealed class SqliteOrchestrationServiceSettings
{
    /// <summary>The database file. Required. Created with its folder when missing.</summary>
    public string Path { get; set; } = "";

    /// <summary>The task hub: several hubs can share one file, each sees only its own rows. Default <c>LoopFunctions</c>.</summary>
    public string TaskHubName { get; set; } = "LoopFunctions";

    /// <summary>Orchestration work items processed at once by this process (host.json
    /// <c>maxConcurrentOrchestratorFunctions</c>). Default 10 per processor, as in Durable Functions.</summary>
    public int MaxConcurrentTaskOrchestrationWorkItems { get; set; } = 10 * Environment.ProcessorCount;

    /// <summary>Activity work items processed at once by this process (host.json <c>maxConcurrentActivityFunctions</c>).
    /// Default 10 per processor, as in Durable Functions.</summary>
    public int MaxConcurrentTaskActivityWorkItems { get; set; } = 10 * Environment.ProcessorCount;

    /// <summary>How long a locked orchestration work item stays invisible to other workers unless renewed. Default 2 min.</summary>
    public TimeSpan OrchestrationLockTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a locked activity stays invisible to other workers unless renewed (DTFx renews it while the
    /// activity runs). Default 2 min.</summary>
    public TimeSpan ActivityLockTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Keep an instance's execution state in memory between work items so a step does not replay the whole
    /// history (host.json <c>extendedSessionsEnabled</c>). Default <see langword="true"/>.</summary>
    public bool ExtendedSessionsEnabled { get; set; } = true;

    /// <summary>How long an idle extended session keeps its instance (host.json
    /// <c>extendedSessionIdleTimeoutInSeconds</c>). Default 30 s.</summary>
    public TimeSpan ExtendedSessionIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two looks at the file for work written by another process; work stored by
    /// this process wakes its dispatchers at once (host.json <c>storageProvider.maxQueuePollingInterval</c>). Default 1 s.</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deliveries of one activity (or abandoned orchestration work item) before it is failed as a poison
    /// message instead of being tried again. Default 5.</summary>
    public int MaxDeliveryCount { get; set; } = 5;

    /// <summary>The largest input, output, event payload or custom status accepted, in UTF-8 bytes; larger ones are
    /// rejected with a clear error, never truncated. Default 16 MiB.</summary>
    public int MaxPayloadBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>SQLite's <c>PRAGMA synchronous</c> in WAL mode: <see cref="SqliteSynchronousMode.Normal"/> (default)
    /// survives a process crash; <see cref="SqliteSynchronousMode.Full"/> also survives a power loss.</summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Normal;

    /// <summary>The clock; tests pass a fake one. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
