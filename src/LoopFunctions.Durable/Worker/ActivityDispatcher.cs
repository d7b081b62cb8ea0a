using LoopFunctions.Durable.Converters;
using LoopFunctions.Durable.History;
using LoopFunctions.Durable.Storage;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Durable.Worker;

/// <summary>Locks activity requests in batches and runs them, renewing each lock while the activity runs.</summary>
internal sealed class ActivityDispatcher(
    IDurableStore store,
    DurableTaskRegistry registry,
    IServiceProvider services,
    DurableTaskOptions options,
    DataConverter converter,
    ILoggerFactory loggerFactory,
    TimeProvider time)
{
    /// <summary>The most activity requests locked in one store call, by a poll or by a handoff.</summary>
    internal const int MaxBatch = 32;
    private readonly ILogger _logger = loggerFactory.CreateLogger("LoopFunctions.Durable.Activities");
    private readonly IWorkHandoff? _handoff = store as IWorkHandoff;
    private CancellationToken _stopping;
    private CancellationToken _abort;

    /// <summary>The activities running now, bounded by <see cref="DurableTaskOptions.MaxConcurrentActivityFunctions"/>.</summary>
    internal WorkTracker Running { get; } = new(options.MaxConcurrentActivityFunctions);

    /// <summary>Where an instance locked by a handoff goes; set when the store can hand work over.</summary>
    internal OrchestrationDispatcher? Orchestrations { get; set; }

    /// <summary>Runs an activity handed over already locked, in a slot the caller took from <see cref="Running"/>.</summary>
    internal void Start(ActivityWorkItem item) =>
        Running.Track(Task.Run(() => ExecuteAsync(item, _abort), CancellationToken.None));

    public async Task RunAsync(CancellationToken stopping, CancellationToken abort)
    {
        _stopping = stopping;
        _abort = abort;
        var backoff = new PollingBackoff(store, WorkKind.Activity, options.MaxQueuePollingInterval, time);
        var running = Running;
        while (!stopping.IsCancellationRequested)
        {
            IReadOnlyList<ActivityWorkItem> items;
            int slots;
            try
            {
                await running.WaitForSlotAsync(stopping).ConfigureAwait(false);
                slots = 1 + running.TakeFreeSlots(MaxBatch - 1);
                items = await store.LockNextActivitiesAsync(slots, options.ActivityLockDuration, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _logger.PollFailed(ex, "activity");
                running.ReleaseSlot();
                await Ignore(backoff.WaitAsync(stopping)).ConfigureAwait(false);
                continue;
            }

            running.ReleaseSlot(slots - items.Count);

            if (items.Count == 0)
            {
                await Ignore(backoff.WaitAsync(stopping)).ConfigureAwait(false);
                continue;
            }

            backoff.Reset();
            foreach (var item in items)
            {
                running.Track(Task.Run(() => ExecuteAsync(item, abort), CancellationToken.None));
            }
        }

        _logger.WorkerStopping(running.RunningCount);
        await running.DrainAsync().ConfigureAwait(false);
    }

    /// <summary>Runs one activity and stores its result. Never throws.</summary>
    internal async Task ExecuteAsync(ActivityWorkItem item, CancellationToken abort)
    {
        if (item.DeliveryCount > options.MaxActivityDeliveries)
        {
            _logger.ActivityPoisoned(item.Name, item.InstanceId, item.DeliveryCount - 1);
            await CompleteAsync(item, Failed(item, new FailureDetails(
                "PoisonMessage",
                $"Activity '{item.Name}' was delivered {item.DeliveryCount - 1} times without completing (each time its worker crashed or lost the lock); it is failed instead of being retried forever.",
                IsNonRetriable: true))).ConfigureAwait(false);
            return;
        }

        using var lockLost = CancellationTokenSource.CreateLinkedTokenSource(abort);
        using var renewal = StartRenewal(item, lockLost);
        HistoryEvent result;
        try
        {
            result = await RunAsync(item, lockLost.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lockLost.IsCancellationRequested)
        {
            if (abort.IsCancellationRequested)
            {
                _logger.ActivityReleased(item.Name, item.InstanceId);
                await Ignore(store.AbandonActivityAsync(item, TimeSpan.Zero, CancellationToken.None)).ConfigureAwait(false);
            }
            else
            {
                _logger.ActivityLockLost(item.Name, item.InstanceId);
            }

            return;
        }

        await renewal.StopAsync().ConfigureAwait(false);
        await CompleteAsync(item, result).ConfigureAwait(false);
    }

    private async Task<HistoryEvent> RunAsync(ActivityWorkItem item, CancellationToken cancellationToken)
    {
        if (!registry.TryCreateActivity(item.Name, services, out var activity))
        {
            return Failed(item, new FailureDetails(
                "ActivityNotFound", $"No activity named '{item.Name}' is registered with this worker.", IsNonRetriable: true));
        }

        try
        {
            var input = converter.Deserialize(item.Input, activity!.InputType);
            var context = new TaskActivityContext(item.Name, item.InstanceId, item.ActivityExecutionId, item.DeliveryCount, cancellationToken);
            var output = await activity.RunAsync(context, input).ConfigureAwait(false);
            var serialized = converter.Serialize(output);
            if (serialized is not null && System.Text.Encoding.UTF8.GetByteCount(serialized) is var size && size > options.MaxPayloadBytes)
            {
                throw new PayloadTooLargeException($"The output of activity '{item.Name}'", size, options.MaxPayloadBytes);
            }

            return new TaskCompletedEvent(time.GetUtcNow().UtcDateTime, item.TaskScheduledId, serialized);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Failed(item, FailureDetails.FromException(ex));
        }
    }

    private TaskFailedEvent Failed(ActivityWorkItem item, FailureDetails failure) =>
        new(time.GetUtcNow().UtcDateTime, item.TaskScheduledId, failure);

    private async Task CompleteAsync(ActivityWorkItem item, HistoryEvent result)
    {
        var next = Orchestrations;
        var slot = _handoff is not null && next is not null && !_stopping.IsCancellationRequested && next.Running.TakeFreeSlots(1) == 1;
        try
        {
            var message = new TaskMessage(item.InstanceId, item.ExecutionId, result);
            if (slot)
            {
                var handoff = await _handoff!.CompleteActivityAsync(item, message, lockOrchestration: true, options.OrchestrationLockDuration, CancellationToken.None).ConfigureAwait(false);
                if (handoff.Next is { } instance)
                {
                    slot = false;

                    // The episode starts on this thread: the result is applied without a poll or a thread hop.
                    next!.Running.Track(next.ProcessAsync(instance));
                }
                else if (!handoff.Completed)
                {
                    _logger.ActivityLockLost(item.Name, item.InstanceId);
                }
            }
            else if (!await store.CompleteActivityAsync(item, message, CancellationToken.None).ConfigureAwait(false))
            {
                _logger.ActivityLockLost(item.Name, item.InstanceId);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The request stays locked until its lease expires, then runs again: at-least-once, nothing lost.
            _logger.ActivityCompletionFailed(ex, item.Name, item.InstanceId);
        }
        finally
        {
            if (slot)
            {
                next!.Running.ReleaseSlot();
            }
        }
    }

    private LockRenewal StartRenewal(ActivityWorkItem item, CancellationTokenSource lockLost) =>
        new(async ct =>
        {
            var period = options.ActivityLockDuration / 3;
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(period, time, ct).ConfigureAwait(false);
                bool renewed;
                try
                {
                    renewed = await store.RenewActivityLockAsync(item, options.ActivityLockDuration, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                {
                    // A busy store is not a lost lock: try again next period; the lease still has two thirds left.
                    _logger.PollFailed(ex, "activity lock renewal");
                    continue;
                }

                if (!renewed)
                {
                    await lockLost.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        });

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
