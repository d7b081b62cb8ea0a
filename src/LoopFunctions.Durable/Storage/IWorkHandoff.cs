namespace LoopFunctions.Durable.Storage;

/// <summary>
/// Optional capability: a provider that can lock, in the same transaction that writes it, work this worker is about
/// to want, and hand it over directly. A sequential step then costs two commits (episode + activity) instead of four,
/// with no poll in between. Other workers are unaffected: what is handed over is locked with the usual lease, and
/// redelivered as usual if this worker dies before finishing it.
/// </summary>
public interface IWorkHandoff
{
    /// <summary>As <see cref="IDurableStore.CompleteOrchestrationAsync"/>, and also locks up to
    /// <paramref name="lockActivities"/> of the activity requests the checkpoint writes, returning them locked.</summary>
    /// <exception cref="WorkItemLockLostException">The orchestration lock was lost; nothing was written.</exception>
    Task<IReadOnlyList<ActivityWorkItem>> CompleteOrchestrationAsync(
        OrchestrationWorkItem workItem, OrchestrationCheckpoint checkpoint, int lockActivities, TimeSpan activityLockDuration, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="IDurableStore.CompleteActivityAsync"/>, and when <paramref name="lockOrchestration"/>
    /// is set and the target instance is not locked, also locks it and returns its work item.</summary>
    Task<ActivityHandoff> CompleteActivityAsync(
        ActivityWorkItem workItem, TaskMessage result, bool lockOrchestration, TimeSpan orchestrationLockDuration, CancellationToken cancellationToken = default);
}
