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
    /// <remarks>An instance waiting in an extended session holds one of these; DTFx lets at most half of them be
    /// extended sessions, so the other half always takes new work.</remarks>
    public int MaxConcurrentTaskOrchestrationWorkItems { get; set; } = 10 * Environment.ProcessorCount;

    /// <summary>Fetch loops of the orchestration dispatcher, each locking the next instance with work. Default 4.</summary>
    /// <remarks>A lock is a write, so a fetch waits for a commit, and with <see cref="SqliteSynchronousMode.Full"/> for
    /// the disk. One loop admits at most one new instance per commit, which caps how many instances run at once far
    /// below <see cref="MaxConcurrentTaskOrchestrationWorkItems"/> when many start together; loops fetching at once put
    /// their locks in the same commit (group commit). An idle loop costs one look at the file per poll.</remarks>
    public int OrchestrationFetchLoops { get; set; } = 4;

    /// <summary>Entity work items (batches of operations on one entity) processed at once by this process, apart from
    /// orchestrations. Default 10 per processor, as the orchestration default.</summary>
    /// <remarks>Entity work items never hold an extended session (see README.md, "Entities"), so each slot runs one
    /// batch and is free again at its checkpoint.</remarks>
    public int MaxConcurrentTaskEntityWorkItems { get; set; } = 10 * Environment.ProcessorCount;

    /// <summary>The most operations DTFx runs on one entity in one batch (host.json
    /// <c>maxEntityOperationBatchSize</c>); the rest of a longer backlog runs in the next batch. Default
    /// <see langword="null"/>: no limit (each batch takes every operation delivered, up to
    /// <see cref="MaxMessagesPerEpisode"/> messages).</summary>
    public int? MaxEntityOperationBatchSize { get; set; }

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
    /// survives a process crash; <see cref="SqliteSynchronousMode.Full"/> also survives a power loss;
    /// <see cref="SqliteSynchronousMode.Durable"/> gives Full's guarantee to everything that leaves the process without
    /// commits waiting for the disk.</summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Normal;

    /// <summary>The clock; tests pass a fake one. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How long a write waits for another process's transaction on the file before it fails with
    /// <see cref="SqliteStoreUnavailableException"/> (and the dispatcher retries). Default 10 s.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Outbound messages (activities, timers, sub-orchestrations, events) one orchestration episode may
    /// produce before DTFx splits it into several checkpoints (<c>IsMaxMessageCountExceeded</c>); also the most inbox
    /// messages delivered in one batch. Default 5,000.</summary>
    public int MaxMessagesPerEpisode { get; set; } = 5000;

    /// <summary>The first delay before an abandoned work item is visible again; it doubles with each delivery, up to
    /// one minute, so a failing item never spins. Default 1 s.</summary>
    public TimeSpan AbandonBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Take the locks of a process on this host that died (its pid gone or reused) at once, instead of waiting
    /// for them to expire. Across hosts locks always wait for their expiry. Default <see langword="true"/>.</summary>
    public bool DeadOwnerDetection { get; set; } = true;

    /// <summary>How often this worker checks whether another process on this host holding locks on the file died.
    /// Default 250 ms.</summary>
    public TimeSpan DeadOwnerCheckInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Local dispatch (once called the work handoff): give work this process just wrote straight to its own
    /// dispatchers: the activities an episode schedules
    /// and the instance an activity result wakes are locked in the committing transaction and queued in memory for the
    /// next fetch, with the usual lease (another worker cannot see them; they come back after the lease if this process
    /// dies). Default <see langword="true"/>.</summary>
    public bool LocalDispatch { get; set; } = true;

    /// <summary>The former name of <see cref="LocalDispatch"/>.</summary>
    [Obsolete("Renamed to LocalDispatch.")]
    public bool WorkHandoff { get => LocalDispatch; set => LocalDispatch = value; }

    /// <summary>Applies <see cref="SqliteSettingsValidator"/>'s rules, the ones the engine checks at start.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names each one and its rule.</exception>
    public void Validate()
    {
        var problems = SqliteSettingsValidator.Problems(this);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems.Select(p => p.Sentence())), problems[0].Setting);
        }
    }
}
