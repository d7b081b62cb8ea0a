using LoopFunctions.Durable.Converters;
using LoopFunctions.Durable.Core;
using LoopFunctions.Durable.History;
using LoopFunctions.Durable.Storage;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Durable.Worker;

/// <summary>Locks instances with pending messages and runs their episodes, up to the concurrency limit.</summary>
internal sealed class OrchestrationDispatcher(
    IDurableStore store,
    DurableTaskRegistry registry,
    IServiceProvider services,
    DurableTaskOptions options,
    DataConverter converter,
    ILoggerFactory loggerFactory,
    TimeProvider time)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("LoopFunctions.Durable.Orchestrations");
    private readonly OrchestrationCache _cache = new(options.MaxCachedInstances);
    private readonly IWorkHandoff? _handoff = store as IWorkHandoff;
    private CancellationToken _stopping;

    internal OrchestrationCache Cache => _cache;

    /// <summary>The episodes running now, bounded by <see cref="DurableTaskOptions.MaxConcurrentOrchestratorFunctions"/>.</summary>
    internal WorkTracker Running { get; } = new(options.MaxConcurrentOrchestratorFunctions);

    /// <summary>Where activities locked by a handoff go; set when the store can hand work over.</summary>
    internal ActivityDispatcher? Activities { get; set; }

    public async Task RunAsync(CancellationToken stopping)
    {
        _stopping = stopping;
        var backoff = new PollingBackoff(store, WorkKind.Orchestration, options.MaxQueuePollingInterval, time);
        var running = Running;
        while (!stopping.IsCancellationRequested)
        {
            OrchestrationWorkItem? item;
            try
            {
                await running.WaitForSlotAsync(stopping).ConfigureAwait(false);
                item = await store.LockNextOrchestrationAsync(options.OrchestrationLockDuration, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _logger.PollFailed(ex, "orchestration");
                item = null;
            }

            if (item is null)
            {
                running.ReleaseSlot();
                await Ignore(backoff.WaitAsync(stopping)).ConfigureAwait(false);
                continue;
            }

            backoff.Reset();
            running.Track(ProcessAsync(item));
        }

        await running.DrainAsync().ConfigureAwait(false);
    }

    /// <summary>Runs one episode and commits it. Never throws: every failure ends in a commit or an abandon.</summary>
    internal async Task ProcessAsync(OrchestrationWorkItem item)
    {
        var now = time.GetUtcNow().UtcDateTime;
        OrchestrationCheckpoint checkpoint;
        OrchestrationRuntime? runtime = null;
        try
        {
            runtime = _cache.TryTake(item.InstanceId, item.ExecutionId, item.HistoryCount);
            var cached = runtime is not null;
            if (runtime is null)
            {
                (runtime, var failure) = await LoadAsync(item).ConfigureAwait(false);
                if (failure is not null)
                {
                    await CommitAsync(item, failure, null).ConfigureAwait(false);
                    return;
                }
            }

            _logger.EpisodeRun(item.InstanceId, item.Messages.Count, runtime!.Status, cached);
            checkpoint = item.UndecodableMessages.Count > 0
                ? OrchestrationRuntime.FailedCheckpoint(item.InstanceId, item.ExecutionId, null, new FailureDetails(
                    "PayloadFormat", "A message for this instance could not be read: " + item.UndecodableMessages[0], IsNonRetriable: true), now)
                : runtime.RunEpisode(item.Messages, now);
        }
        catch (Exception ex) when (ex is NonDeterministicOrchestrationException or PayloadFormatException or PayloadTooLargeException)
        {
            _logger.InstanceFailedByEngine(item.InstanceId, ex.Message);
            checkpoint = OrchestrationRuntime.FailedCheckpoint(item.InstanceId, item.ExecutionId, null, FailureDetails.FromException(ex), now);
            runtime = null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.EpisodeAbandoned(ex, item.InstanceId);
            await Ignore(store.AbandonOrchestrationAsync(item, TimeSpan.FromSeconds(1), CancellationToken.None)).ConfigureAwait(false);
            return;
        }

        await CommitAsync(item, checkpoint, runtime).ConfigureAwait(false);
    }

    private async Task<(OrchestrationRuntime? Runtime, OrchestrationCheckpoint? Failure)> LoadAsync(OrchestrationWorkItem item)
    {
        var now = time.GetUtcNow().UtcDateTime;
        IReadOnlyList<HistoryEvent> history = [];
        if (item.HistoryCount > 0)
        {
            try
            {
                history = await store.GetHistoryAsync(item.InstanceId).ConfigureAwait(false);
            }
            catch (PayloadFormatException ex)
            {
                _logger.InstanceFailedByEngine(item.InstanceId, ex.Message);
                return (null, OrchestrationRuntime.FailedCheckpoint(item.InstanceId, item.ExecutionId, null, FailureDetails.FromException(ex), now));
            }
        }

        var runtime = new OrchestrationRuntime(item.InstanceId, item.ExecutionId, ResolveOrchestrator, converter, loggerFactory, options.MaxPayloadBytes);
        try
        {
            runtime.Replay(history);
            return (runtime, null);
        }
        catch (Exception ex) when (ex is NonDeterministicOrchestrationException or PayloadFormatException)
        {
            _logger.InstanceFailedByEngine(item.InstanceId, ex.Message);
            var started = history.OfType<ExecutionStartedEvent>().FirstOrDefault();
            return (null, OrchestrationRuntime.FailedCheckpoint(item.InstanceId, item.ExecutionId, started, FailureDetails.FromException(ex), now));
        }
    }

    private async Task CommitAsync(OrchestrationWorkItem item, OrchestrationCheckpoint checkpoint, OrchestrationRuntime? runtime)
    {
        // Activity slots taken for a handoff: each is either given to a handed-over activity or given back.
        var slots = _handoff is not null && Activities is not null && checkpoint.ActivityRequests.Count > 0 && !_stopping.IsCancellationRequested
            ? Activities.Running.TakeFreeSlots(Math.Min(checkpoint.ActivityRequests.Count, ActivityDispatcher.MaxBatch))
            : 0;
        try
        {
            if (slots > 0)
            {
                var locked = await _handoff!.CompleteOrchestrationAsync(item, checkpoint, slots, options.ActivityLockDuration, CancellationToken.None).ConfigureAwait(false);
                slots -= locked.Count;
                foreach (var activity in locked)
                {
                    Activities!.Start(activity);
                }
            }
            else
            {
                await store.CompleteOrchestrationAsync(item, checkpoint, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (WorkItemLockLostException)
        {
            _logger.OrchestrationLockLost(item.InstanceId);
            return;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.EpisodeAbandoned(ex, item.InstanceId);
            await Ignore(store.AbandonOrchestrationAsync(item, TimeSpan.FromSeconds(1), CancellationToken.None)).ConfigureAwait(false);
            return;
        }
        finally
        {
            // Slots not given to a handed-over activity (all of them when the commit failed) go back.
            Activities?.Running.ReleaseSlot(slots);
        }

        var status = checkpoint.State.RuntimeStatus;
        if (status.IsTerminal())
        {
            _logger.InstanceFinished(item.InstanceId, checkpoint.State.Name ?? runtime?.Name, status);
        }
        else if (runtime is not null && !checkpoint.ReplaceHistory)
        {
            _cache.Put(runtime);
        }
    }

    private ITaskOrchestrator? ResolveOrchestrator(string name) =>
        registry.TryCreateOrchestrator(name, services, out var orchestrator) ? orchestrator : null;

    private static async Task Ignore(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
