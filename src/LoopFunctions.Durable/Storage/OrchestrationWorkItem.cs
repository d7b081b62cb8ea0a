namespace LoopFunctions.Durable.Storage;

/// <summary>
/// A locked orchestration instance with the messages to process in one episode.
/// </summary>
/// <remarks>
/// While the lock is held no other worker processes the instance. <see cref="HistoryCount"/> lets a worker reuse its
/// in-memory copy of the instance when nothing else has written history since it last ran it.
/// </remarks>
public sealed class OrchestrationWorkItem
{
    public required string InstanceId { get; init; }

    /// <summary>The instance's current execution id.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>The messages to process, in arrival order.</summary>
    public required IReadOnlyList<TaskMessage> Messages { get; init; }

    /// <summary>Messages the provider could not decode: they are consumed with the episode, and the instance fails
    /// with their error rather than going on without them.</summary>
    public IReadOnlyList<string> UndecodableMessages { get; init; } = [];

    /// <summary>How many history events the current execution has persisted.</summary>
    public required int HistoryCount { get; init; }

    /// <summary>The instance's runtime status as stored.</summary>
    public required OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    /// <summary>An opaque token proving the lock; the provider checks it on completion.</summary>
    public required string LockToken { get; init; }

    public required DateTime LockedUntil { get; set; }
}
