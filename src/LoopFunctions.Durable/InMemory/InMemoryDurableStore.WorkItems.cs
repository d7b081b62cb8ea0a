using LoopFunctions.Durable.History;
using LoopFunctions.Durable.Storage;

namespace LoopFunctions.Durable.InMemory;

/// <summary>The worker side of the in-memory provider: locking, completing and abandoning work items.</summary>
public sealed partial class InMemoryDurableStore
{
    public Task<OrchestrationWorkItem?> LockNextOrchestrationAsync(TimeSpan lockDuration, CancellationToken cancellationToken = default)
    {
        var now = Now;
        lock (_lock)
        {
            InstanceRow? next = null;
            long nextSeq = long.MaxValue;
            foreach (var row in _instances.Values)
            {
                if (row.LockedUntil > now)
                {
                    continue;
                }

                foreach (var m in row.Inbox)
                {
                    if (m.VisibleAt <= now && m.SequenceNumber < nextSeq)
                    {
                        next = row;
                        nextSeq = m.SequenceNumber;
                    }
                }
            }

            if (next is null)
            {
                return Task.FromResult<OrchestrationWorkItem?>(null);
            }

            next.LockToken = Guid.NewGuid().ToString("N");
            next.LockedUntil = now + lockDuration;
            return Task.FromResult<OrchestrationWorkItem?>(new OrchestrationWorkItem
            {
                InstanceId = next.InstanceId,
                ExecutionId = next.ExecutionId,
                Messages = next.Inbox.Where(m => m.VisibleAt <= now).OrderBy(m => m.SequenceNumber).ToList(),
                HistoryCount = next.History.Count,
                RuntimeStatus = next.Status,
                LockToken = next.LockToken,
                LockedUntil = next.LockedUntil,
            });
        }
    }

    public Task<bool> RenewOrchestrationLockAsync(OrchestrationWorkItem workItem, TimeSpan lockDuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (_lock)
        {
            if (!_instances.TryGetValue(workItem.InstanceId, out var row) || row.LockToken != workItem.LockToken)
            {
                return Task.FromResult(false);
            }

            row.LockedUntil = workItem.LockedUntil = Now + lockDuration;
            return Task.FromResult(true);
        }
    }

    public Task CompleteOrchestrationAsync(OrchestrationWorkItem workItem, OrchestrationCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(checkpoint);
        lock (_lock)
        {
            if (!_instances.TryGetValue(workItem.InstanceId, out var row) || row.LockToken != workItem.LockToken)
            {
                throw new WorkItemLockLostException($"instance '{workItem.InstanceId}'");
            }

            if (checkpoint.ReplaceHistory)
            {
                row.History.Clear();
                row.ExecutionId = checkpoint.ExecutionId;
            }

            row.History.AddRange(checkpoint.NewEvents);
            row.Apply(checkpoint.State);
            var consumed = workItem.Messages.Select(m => m.SequenceNumber).ToHashSet();
            row.Inbox.RemoveAll(m => consumed.Contains(m.SequenceNumber));
            foreach (var request in checkpoint.ActivityRequests)
            {
                var seq = ++_sequence;
                _activities[seq] = new ActivityRow(seq, request);
            }

            foreach (var message in checkpoint.OrchestrationMessages)
            {
                Route(message, workItem.InstanceId);
            }

            row.LockToken = null;
            row.LockedUntil = DateTime.MinValue;
        }

        _signal.Signal(WorkKind.Orchestration);
        if (checkpoint.ActivityRequests.Count > 0)
        {
            _signal.Signal(WorkKind.Activity);
        }

        return Task.CompletedTask;
    }

    /// <summary>Delivers a checkpoint's message; the caller holds the lock.</summary>
    private void Route(TaskMessage message, string fromInstanceId)
    {
        var exists = _instances.TryGetValue(message.InstanceId, out var target);
        if (message.Event is ExecutionStartedEvent started && message.InstanceId != fromInstanceId)
        {
            if (exists && !target!.Status.IsTerminal() && started.ParentInstance is { } parent)
            {
                Route(SubOrchestrationConflict.Create(message, target.Status, Now), message.InstanceId);
                return;
            }

            CreateOrReplace(message);
        }
        else if (exists)
        {
            Enqueue(target!, message);
        }
    }

    public Task AbandonOrchestrationAsync(OrchestrationWorkItem workItem, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (_lock)
        {
            if (_instances.TryGetValue(workItem.InstanceId, out var row) && row.LockToken == workItem.LockToken)
            {
                row.LockToken = null;
                row.LockedUntil = Now + delay;
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ActivityWorkItem>> LockNextActivitiesAsync(int maxCount, TimeSpan lockDuration, CancellationToken cancellationToken = default)
    {
        var now = Now;
        var items = new List<ActivityWorkItem>();
        lock (_lock)
        {
            foreach (var row in _activities.Values)
            {
                if (items.Count == maxCount)
                {
                    break;
                }

                if (row.VisibleAt > now)
                {
                    continue;
                }

                row.LockToken = Guid.NewGuid().ToString("N");
                row.VisibleAt = now + lockDuration;
                row.DeliveryCount++;
                var scheduled = (TaskScheduledEvent)row.Message.Event;
                items.Add(new ActivityWorkItem
                {
                    SequenceNumber = row.SequenceNumber,
                    InstanceId = row.Message.InstanceId,
                    ExecutionId = row.Message.ExecutionId!,
                    TaskScheduledId = scheduled.EventId,
                    Name = scheduled.Name,
                    Input = scheduled.Input,
                    DeliveryCount = row.DeliveryCount,
                    LockToken = row.LockToken,
                    LockedUntil = row.VisibleAt,
                });
            }
        }

        return Task.FromResult<IReadOnlyList<ActivityWorkItem>>(items);
    }

    public Task<bool> RenewActivityLockAsync(ActivityWorkItem workItem, TimeSpan lockDuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (_lock)
        {
            if (!_activities.TryGetValue(workItem.SequenceNumber, out var row) || row.LockToken != workItem.LockToken)
            {
                return Task.FromResult(false);
            }

            row.VisibleAt = workItem.LockedUntil = Now + lockDuration;
            return Task.FromResult(true);
        }
    }

    public Task<bool> CompleteActivityAsync(ActivityWorkItem workItem, TaskMessage result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(result);
        lock (_lock)
        {
            if (!_activities.TryGetValue(workItem.SequenceNumber, out var row) || row.LockToken != workItem.LockToken)
            {
                return Task.FromResult(false);
            }

            _activities.Remove(workItem.SequenceNumber);
            if (_instances.TryGetValue(result.InstanceId, out var target))
            {
                Enqueue(target, result);
            }
        }

        _signal.Signal(WorkKind.Orchestration);
        return Task.FromResult(true);
    }

    public Task AbandonActivityAsync(ActivityWorkItem workItem, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (_lock)
        {
            if (_activities.TryGetValue(workItem.SequenceNumber, out var row) && row.LockToken == workItem.LockToken)
            {
                row.LockToken = null;
                row.VisibleAt = Now + delay;
            }
        }

        _signal.Signal(WorkKind.Activity);
        return Task.CompletedTask;
    }
}
