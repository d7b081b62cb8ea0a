using LoopFunctions.DurableTask.Sqlite;

namespace LoopFunctions.DurableTask.Configuration;

/// <summary><c>extensions.durableTask.storageProvider</c> when its <c>type</c> is <c>Sqlite</c>. A <see langword="null"/>
/// value was not set and keeps <see cref="SqliteOrchestrationServiceSettings"/>' default.</summary>
public sealed record SqliteHostJsonSettings
{
    /// <summary>The default of <see cref="Path"/>.</summary>
    public const string DefaultPath = ".loopfunctions/store.db";

    /// <summary><c>path</c>: the database file, relative to host.json's folder. Default <c>.loopfunctions/store.db</c>.</summary>
    public string Path { get; init; } = DefaultPath;

    /// <summary><c>maxQueuePollingInterval</c>: longest wait between looks for work written by another process.</summary>
    public TimeSpan? MaxQueuePollingInterval { get; init; }

    /// <summary><c>orchestrationLockTimeout</c>: how long a locked instance stays invisible to other workers unless renewed.</summary>
    public TimeSpan? OrchestrationLockTimeout { get; init; }

    /// <summary><c>activityLockTimeout</c>: how long a locked activity stays invisible to other workers unless renewed.</summary>
    public TimeSpan? ActivityLockTimeout { get; init; }

    /// <summary><c>maxDeliveryCount</c>: deliveries of one work item before it is failed as poison.</summary>
    public int? MaxDeliveryCount { get; init; }

    /// <summary><c>maxPayloadBytes</c>: the largest input, output, event payload or custom status the store accepts.</summary>
    public int? MaxPayloadBytes { get; init; }

    /// <summary><c>synchronous</c>: <c>Normal</c> or <c>Full</c> (SQLite's <c>PRAGMA synchronous</c>).</summary>
    public SqliteSynchronousMode? Synchronous { get; init; }
}
