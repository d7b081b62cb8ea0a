using LoopFunctions.Durable.History;

namespace LoopFunctions.Durable.Storage;

/// <summary>
/// The storage-provider contract: the small set of operations every provider must support. Optional capabilities
/// are separate interfaces a provider may also implement (<see cref="IWorkNotifier"/>).
/// </summary>
/// <remarks>
/// <para>Semantics every provider keeps (the shared provider test suite checks them):</para>
/// <list type="bullet">
/// <item>An instance is processed by at most one worker at a time (orchestration lock with expiry).</item>
/// <item><see cref="CompleteOrchestrationAsync"/> persists a checkpoint all-or-nothing from the point of view of a
/// reader after a crash, or in an order where repeating it is harmless; it throws
/// <see cref="WorkItemLockLostException"/> when the lock was lost, and then writes nothing.</item>
/// <item>Activities are delivered at least once. An expired lock makes a request visible again.</item>
/// <item>Messages for an instance are delivered in the order they were stored.</item>
/// <item>A message stored with <see cref="TaskMessage.VisibleAt"/> is not delivered before that time.</item>
/// </list>
/// </remarks>
public interface IDurableStore
{
    /// <summary>Creates the task hub (tables, schema) if it does not exist, and checks its version.</summary>
    Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates an instance from an <see cref="ExecutionStartedEvent"/> message, or replaces a terminal one.</summary>
    /// <exception cref="OrchestrationAlreadyExistsException">An instance with that id has a status in
    /// <paramref name="dedupeStatuses"/>.</exception>
    Task CreateInstanceAsync(TaskMessage executionStarted, IReadOnlyCollection<OrchestrationRuntimeStatus> dedupeStatuses, CancellationToken cancellationToken = default);

    /// <summary>Adds a message to an existing instance's inbox (raise event, terminate, suspend, resume).</summary>
    /// <exception cref="OrchestrationNotFoundException">No such instance.</exception>
    Task SendMessageAsync(TaskMessage message, CancellationToken cancellationToken = default);

    Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool fetchPayloads, CancellationToken cancellationToken = default);

    Task<OrchestrationQueryResult> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken = default);

    /// <summary>The current execution's history, oldest first.</summary>
    Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Deletes terminal instances with their history and messages; returns how many were deleted.</summary>
    Task<int> PurgeInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Locks the next instance that has visible messages, or returns null when there is none.</summary>
    Task<OrchestrationWorkItem?> LockNextOrchestrationAsync(TimeSpan lockDuration, CancellationToken cancellationToken = default);

    /// <summary>Extends the lock; false when it was already lost.</summary>
    Task<bool> RenewOrchestrationLockAsync(OrchestrationWorkItem workItem, TimeSpan lockDuration, CancellationToken cancellationToken = default);

    /// <summary>Commits an episode, deletes the work item's messages and releases the lock.</summary>
    Task CompleteOrchestrationAsync(OrchestrationWorkItem workItem, OrchestrationCheckpoint checkpoint, CancellationToken cancellationToken = default);

    /// <summary>Releases the lock without consuming the messages; they are delivered again after <paramref name="delay"/>.</summary>
    Task AbandonOrchestrationAsync(OrchestrationWorkItem workItem, TimeSpan delay, CancellationToken cancellationToken = default);

    /// <summary>Locks up to <paramref name="maxCount"/> visible activity requests.</summary>
    Task<IReadOnlyList<ActivityWorkItem>> LockNextActivitiesAsync(int maxCount, TimeSpan lockDuration, CancellationToken cancellationToken = default);

    /// <summary>Extends the lock; false when it was already lost.</summary>
    Task<bool> RenewActivityLockAsync(ActivityWorkItem workItem, TimeSpan lockDuration, CancellationToken cancellationToken = default);

    /// <summary>Deletes the request and stores its result message for the orchestration, atomically; false (and
    /// nothing written) when the lock was lost.</summary>
    Task<bool> CompleteActivityAsync(ActivityWorkItem workItem, TaskMessage result, CancellationToken cancellationToken = default);

    /// <summary>Releases the lock; the request is delivered again after <paramref name="delay"/>.</summary>
    Task AbandonActivityAsync(ActivityWorkItem workItem, TimeSpan delay, CancellationToken cancellationToken = default);
}
