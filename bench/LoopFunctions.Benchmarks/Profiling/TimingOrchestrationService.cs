using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using DurableTask.Core;

namespace LoopFunctions.Benchmarks.Profiling;

/// <summary>
/// <c>LOOPFN_BENCH_PROFILE=1</c>: wraps the backend DTFx's worker talks to and times every call, plus the time DTFx
/// and the SDK shim spend between handing out a work item and completing it (<c>run:orchestration</c>: replay and
/// the orchestrator's code; <c>run:activity</c>: the activity). Lock and fetch calls include their wait for work.
/// </summary>
internal sealed class TimingOrchestrationService(IOrchestrationService inner) : IOrchestrationService
{
    private readonly ConcurrentDictionary<string, Timing> _calls = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<object, StrongBox<long>> _handedOut = [];

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;

    /// <summary>One line per call: count, mean and total, the largest total first.</summary>
    public string Report() => string.Join("\n", _calls.OrderByDescending(c => c.Value.TotalMs)
        .Select(c => string.Create(CultureInfo.InvariantCulture,
            $"  {c.Key,-34} {c.Value.Count,8}x  mean {c.Value.TotalMs * 1000 / Math.Max(1, c.Value.Count),9:0} us  total {c.Value.TotalMs,9:0} ms")));

    public Task StartAsync() => inner.StartAsync();

    public Task StopAsync() => inner.StopAsync();

    public Task StopAsync(bool isForced) => inner.StopAsync(isForced);

    public Task CreateAsync() => inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var item = await Time("lock:orchestration", () => inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken));
        if (item is not null)
        {
            HandedOut(item);
            if (item.Session is { } session)
            {
                item.Session = new TimingSession(session, this);
            }
        }

        return item!;
    }

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) =>
        Time("renew:orchestration", () => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem));

    public Task CompleteTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem, OrchestrationRuntimeState newOrchestrationRuntimeState, IList<TaskMessage> outboundMessages, IList<TaskMessage> orchestratorMessages, IList<TaskMessage> timerMessages, TaskMessage continuedAsNewMessage, OrchestrationState orchestrationState)
    {
        Ran("run:orchestration", workItem);
        return Time("complete:orchestration", () => inner.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState));
    }

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) =>
        Time("abandon:orchestration", () => inner.AbandonTaskOrchestrationWorkItemAsync(workItem));

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) =>
        Time("release:orchestration", () => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem));

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var item = await Time("lock:activity", () => inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken));
        if (item is not null)
        {
            HandedOut(item);
        }

        return item!;
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) =>
        Time("renew:activity", () => inner.RenewTaskActivityWorkItemLockAsync(workItem));

    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        Ran("run:activity", workItem);
        return Time("complete:activity", () => inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage));
    }

    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) =>
        Time("abandon:activity", () => inner.AbandonTaskActivityWorkItemAsync(workItem));

    internal void HandedOut(object workItem) =>
        _handedOut.AddOrUpdate(workItem, new StrongBox<long>(Stopwatch.GetTimestamp()));

    internal async Task<T> Time<T>(string name, Func<Task<T>> call)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await call();
        }
        finally
        {
            Add(name, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }

    private async Task Time(string name, Func<Task> call) => await Time(name, async () =>
    {
        await call();
        return true;
    });

    private void Ran(string name, object workItem)
    {
        if (_handedOut.TryGetValue(workItem, out var since))
        {
            Add(name, Stopwatch.GetElapsedTime(since.Value).TotalMilliseconds);
        }
    }

    private void Add(string name, double ms) =>
        _calls.AddOrUpdate(name, _ => new Timing(1, ms), (_, t) => new Timing(t.Count + 1, t.TotalMs + ms));

    private readonly record struct Timing(long Count, double TotalMs);
}
