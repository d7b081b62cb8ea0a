using LoopFunctions.Durable.History;
using LoopFunctions.Durable.Storage;

namespace LoopFunctions.Durable.Core;

/// <summary>One episode: deliver new messages, let the code run until it blocks, and describe what to persist.</summary>
internal sealed partial class OrchestrationRuntime
{
    /// <summary>Processes <paramref name="messages"/> and returns the checkpoint to commit.</summary>
    /// <remarks>The runtime's own state moves forward as if the checkpoint committed; a caller whose commit fails
    /// must discard this runtime and rebuild the instance from the store.</remarks>
    public OrchestrationCheckpoint RunEpisode(IReadOnlyList<TaskMessage> messages, DateTime now)
    {
        var newEvents = new List<HistoryEvent>();
        void Record(HistoryEvent e)
        {
            newEvents.Add(e);
            Apply(e);
        }

        Record(new OrchestratorStartedEvent(now));
        var carried = new List<TaskMessage>();
        foreach (var message in messages)
        {
            if (IsFinished)
            {
                if (message.Event is EventRaisedEvent)
                {
                    carried.Add(message);
                }

                continue;
            }

            if (Accepts(message))
            {
                Record(message.Event);
            }
        }

        var activities = new List<TaskMessage>();
        var outbox = new List<TaskMessage>();
        foreach (var action in _pendingActions.Values)
        {
            newEvents.Add(action);
            AddToOutbox(action, now, activities, outbox);
        }

        _pendingActions.Clear();

        if (!Status.IsTerminal() && Status != OrchestrationRuntimeStatus.ContinuedAsNew && _orchestratorTask is { IsCompleted: true })
        {
            if (_continueAsNew.Requested && _orchestratorTask.IsCompletedSuccessfully)
            {
                return ContinueAsNewCheckpoint(now, activities, outbox, carried);
            }

            Record(CompletionEvent(now));
        }

        Record(new OrchestratorCompletedEvent(now));
        if (Status.IsTerminal() && _parent is not null)
        {
            outbox.Add(ParentNotification(now));
        }

        HistoryCount += newEvents.Count;
        return new OrchestrationCheckpoint
        {
            ExecutionId = ExecutionId,
            NewEvents = newEvents,
            State = CurrentState(now),
            ActivityRequests = activities,
            OrchestrationMessages = outbox,
        };
    }

    /// <summary>True once the code has returned or the instance was terminated: further messages are dropped.</summary>
    private bool IsFinished => Status.IsTerminal() || _orchestratorTask is { IsCompleted: true };

    private bool Accepts(TaskMessage message)
    {
        if (message.ExecutionId is not null && message.ExecutionId != ExecutionId)
        {
            return false; // a result of work an earlier execution scheduled
        }

        return message.Event switch
        {
            ExecutionStartedEvent => _orchestratorTask is null && Status == OrchestrationRuntimeStatus.Pending,
            TaskCompletedEvent e => _openTasks.ContainsKey(e.TaskScheduledId),
            TaskFailedEvent e => _openTasks.ContainsKey(e.TaskScheduledId),
            TimerFiredEvent e => _openTasks.ContainsKey(e.TimerId),
            SubOrchestrationInstanceCompletedEvent e => _openTasks.ContainsKey(e.TaskScheduledId),
            SubOrchestrationInstanceFailedEvent e => _openTasks.ContainsKey(e.TaskScheduledId),
            ExecutionSuspendedEvent => !_suspended,
            ExecutionResumedEvent => _suspended,
            EventRaisedEvent or ExecutionTerminatedEvent => true,
            _ => false,
        };
    }

    private HistoryEvent CompletionEvent(DateTime now)
    {
        var task = _orchestratorTask!;
        if (task.IsCompletedSuccessfully)
        {
            try
            {
                return new ExecutionCompletedEvent(now, Serialize(task.Result, "The orchestration output"));
            }
            catch (PayloadTooLargeException ex)
            {
                return new ExecutionFailedEvent(now, FailureDetails.FromException(ex));
            }
        }

        var exception = task.Exception?.InnerException ?? new TaskCanceledException("The orchestrator's task was cancelled.");
        return new ExecutionFailedEvent(now, FailureDetails.FromException(exception));
    }

    private OrchestrationCheckpoint ContinueAsNewCheckpoint(DateTime now, List<TaskMessage> activities, List<TaskMessage> outbox, List<TaskMessage> carried)
    {
        var nextExecutionId = Guid.NewGuid().ToString("N");
        outbox.Add(new TaskMessage(InstanceId, nextExecutionId, new ExecutionStartedEvent(now, _name, _continueAsNew.Input, _parent)));
        if (_continueAsNew.PreserveEvents)
        {
            foreach (var e in _bufferedEvents)
            {
                outbox.Add(new TaskMessage(InstanceId, nextExecutionId, e));
            }

            foreach (var m in carried)
            {
                outbox.Add(m with { ExecutionId = nextExecutionId, SequenceNumber = 0 });
            }
        }

        Status = OrchestrationRuntimeStatus.ContinuedAsNew;
        return new OrchestrationCheckpoint
        {
            ExecutionId = nextExecutionId,
            ReplaceHistory = true,
            NewEvents = [],
            State = CurrentState(now) with { Input = _continueAsNew.Input, UpdateInput = true, Output = null },
            ActivityRequests = activities,
            OrchestrationMessages = outbox,
        };
    }

    private TaskMessage ParentNotification(DateTime now)
    {
        var parent = _parent!;
        HistoryEvent e = Status switch
        {
            OrchestrationRuntimeStatus.Completed => new SubOrchestrationInstanceCompletedEvent(now, parent.TaskScheduledId, Output),
            OrchestrationRuntimeStatus.Failed => new SubOrchestrationInstanceFailedEvent(now, parent.TaskScheduledId, Failure!),
            _ => new SubOrchestrationInstanceFailedEvent(now, parent.TaskScheduledId, new FailureDetails(
                "Terminated", $"Sub-orchestration '{InstanceId}' was terminated: {Output}", IsNonRetriable: true)),
        };
        return new TaskMessage(parent.InstanceId, parent.ExecutionId, e);
    }

    private void AddToOutbox(HistoryEvent action, DateTime now, List<TaskMessage> activities, List<TaskMessage> outbox)
    {
        switch (action)
        {
            case TaskScheduledEvent:
                activities.Add(new TaskMessage(InstanceId, ExecutionId, action));
                break;
            case TimerCreatedEvent t:
                outbox.Add(new TaskMessage(InstanceId, ExecutionId, new TimerFiredEvent(t.FireAt, t.EventId, t.FireAt), t.FireAt));
                break;
            case SubOrchestrationInstanceCreatedEvent s:
                outbox.Add(new TaskMessage(s.InstanceId, null, new ExecutionStartedEvent(
                    now, s.Name, s.Input, new ParentInstanceInfo(InstanceId, ExecutionId, s.EventId, _name))));
                break;
            case EventSentEvent s:
                outbox.Add(new TaskMessage(s.InstanceId, null, new EventRaisedEvent(now, s.Name, s.Input)));
                break;
        }
    }

    private OrchestrationState CurrentState(DateTime now) => new(Status, Output, SerializedCustomStatus, Failure, now)
    {
        Name = _name.Length == 0 ? null : _name,
    };

    /// <summary>The checkpoint that fails an instance the engine cannot run (corrupt or nondeterministic history).</summary>
    public static OrchestrationCheckpoint FailedCheckpoint(string instanceId, string executionId, ExecutionStartedEvent? started, FailureDetails failure, DateTime now)
    {
        var outbox = new List<TaskMessage>();
        if (started?.ParentInstance is { } parent)
        {
            outbox.Add(new TaskMessage(parent.InstanceId, parent.ExecutionId, new SubOrchestrationInstanceFailedEvent(now, parent.TaskScheduledId, failure)));
        }

        return new OrchestrationCheckpoint
        {
            ExecutionId = executionId,
            NewEvents = [new OrchestratorStartedEvent(now), new ExecutionFailedEvent(now, failure), new OrchestratorCompletedEvent(now)],
            State = new OrchestrationState(OrchestrationRuntimeStatus.Failed, null, null, failure, now) { Name = started?.Name },
            OrchestrationMessages = outbox,
        };
    }
}
