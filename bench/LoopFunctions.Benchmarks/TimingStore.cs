using System.Collections.Concurrent;
using System.Diagnostics;
using LoopFunctions.Durable;
using LoopFunctions.Durable.History;
using LoopFunctions.Durable.Storage;

namespace LoopFunctions.Benchmarks;

/// <summary>A decorator that times every store call (<c>--profile</c>): where a scenario's time goes.</summary>
internal sealed class TimingStore(IDurableStore inner) : IDurableStore, IWorkNotifier, IWorkHandoff, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (long Count, double Ms)> _calls = new();

    public string Report() => string.Join(", ", _calls.OrderByDescending(c => c.Value.Ms)
        .Select(c => $"{c.Key}: {c.Value.Count}x {c.Value.Ms / Math.Max(1, c.Value.Count) * 1000:0}us"));

    private async Task<T> Time<T>(string name, Func<Task<T>> call)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await call();
        }
        finally
        {
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            _calls.AddOrUpdate(name, (1, ms), (_, v) => (v.Count + 1, v.Ms + ms));
        }
    }

    private Task Time(string name, Func<Task> call) => Time(name, async () => { await call(); return true; });

    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default) => inner.CreateIfNotExistsAsync(cancellationToken);
    public Task CreateInstanceAsync(TaskMessage executionStarted, IReadOnlyCollection<OrchestrationRuntimeStatus> dedupeStatuses, CancellationToken cancellationToken = default) => Time("create", () => inner.CreateInstanceAsync(executionStarted, dedupeStatuses, cancellationToken));
    public Task SendMessageAsync(TaskMessage message, CancellationToken cancellationToken = default) => Time("send", () => inner.SendMessageAsync(message, cancellationToken));
    public Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool fetchPayloads, CancellationToken cancellationToken = default) => Time("get", () => inner.GetInstanceAsync(instanceId, fetchPayloads, cancellationToken));
    public Task<OrchestrationQueryResult> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken = default) => Time("query", () => inner.QueryInstancesAsync(query, cancellationToken));
    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default) => Time("history", () => inner.GetHistoryAsync(instanceId, cancellationToken));
    public Task<int> PurgeInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken = default) => Time("purge", () => inner.PurgeInstancesAsync(filter, cancellationToken));
    public Task<OrchestrationWorkItem?> LockNextOrchestrationAsync(TimeSpan lockDuration, CancellationToken cancellationToken = default) => Time("lockOrch", () => inner.LockNextOrchestrationAsync(lockDuration, cancellationToken));
    public Task<bool> RenewOrchestrationLockAsync(OrchestrationWorkItem workItem, TimeSpan lockDuration, CancellationToken cancellationToken = default) => inner.RenewOrchestrationLockAsync(workItem, lockDuration, cancellationToken);
    public Task CompleteOrchestrationAsync(OrchestrationWorkItem workItem, OrchestrationCheckpoint checkpoint, CancellationToken cancellationToken = default) => Time("completeOrch", () => inner.CompleteOrchestrationAsync(workItem, checkpoint, cancellationToken));
    public Task AbandonOrchestrationAsync(OrchestrationWorkItem workItem, TimeSpan delay, CancellationToken cancellationToken = default) => inner.AbandonOrchestrationAsync(workItem, delay, cancellationToken);
    public Task<IReadOnlyList<ActivityWorkItem>> LockNextActivitiesAsync(int maxCount, TimeSpan lockDuration, CancellationToken cancellationToken = default) => Time("lockAct", () => inner.LockNextActivitiesAsync(maxCount, lockDuration, cancellationToken));
    public Task<bool> RenewActivityLockAsync(ActivityWorkItem workItem, TimeSpan lockDuration, CancellationToken cancellationToken = default) => inner.RenewActivityLockAsync(workItem, lockDuration, cancellationToken);
    public Task<bool> CompleteActivityAsync(ActivityWorkItem workItem, TaskMessage result, CancellationToken cancellationToken = default) => Time("completeAct", () => inner.CompleteActivityAsync(workItem, result, cancellationToken));

    // The worker finds handoff by a type test on this decorator; an inner store without it hands nothing over, which
    // the contract allows (zero activities locked, no instance locked).
    public Task<IReadOnlyList<ActivityWorkItem>> CompleteOrchestrationAsync(OrchestrationWorkItem workItem, OrchestrationCheckpoint checkpoint, int lockActivities, TimeSpan activityLockDuration, CancellationToken cancellationToken = default) =>
        inner is IWorkHandoff handoff
            ? Time("completeOrch+lockAct", () => handoff.CompleteOrchestrationAsync(workItem, checkpoint, lockActivities, activityLockDuration, cancellationToken))
            : Time("completeOrch", async () => { await inner.CompleteOrchestrationAsync(workItem, checkpoint, cancellationToken); return (IReadOnlyList<ActivityWorkItem>)[]; });

    public Task<ActivityHandoff> CompleteActivityAsync(ActivityWorkItem workItem, TaskMessage result, bool lockOrchestration, TimeSpan orchestrationLockDuration, CancellationToken cancellationToken = default) =>
        inner is IWorkHandoff handoff
            ? Time("completeAct+lockOrch", () => handoff.CompleteActivityAsync(workItem, result, lockOrchestration, orchestrationLockDuration, cancellationToken))
            : Time("completeAct", async () => new ActivityHandoff(await inner.CompleteActivityAsync(workItem, result, cancellationToken), null));
    public Task AbandonActivityAsync(ActivityWorkItem workItem, TimeSpan delay, CancellationToken cancellationToken = default) => inner.AbandonActivityAsync(workItem, delay, cancellationToken);
    public Task WaitForWorkAsync(WorkKind kind, TimeSpan maxWait, CancellationToken cancellationToken) => inner is IWorkNotifier n ? Time("wait" + kind, () => n.WaitForWorkAsync(kind, maxWait, cancellationToken)) : Task.Delay(maxWait, cancellationToken);
    public ValueTask DisposeAsync() => inner is IAsyncDisposable d ? d.DisposeAsync() : ValueTask.CompletedTask;
}
