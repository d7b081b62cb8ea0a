using LoopFunctions.Durable.History;

namespace LoopFunctions.Durable.Core;

/// <summary>Applying history events: the same code path for replayed and new events, which is what keeps the two
/// in step.</summary>
internal sealed partial class OrchestrationRuntime
{
    /// <summary>Re-runs the code against a persisted history.</summary>
    /// <exception cref="NonDeterministicOrchestrationException">The code no longer produces the recorded actions.</exception>
    public void Replay(IReadOnlyList<HistoryEvent> history)
    {
        _isReplaying = true;
        foreach (var e in history)
        {
            Apply(e);
        }

        _isReplaying = false;
        HistoryCount = history.Count;
        if (_pendingActions.Count > 0 && !Status.IsTerminal())
        {
            var extra = _pendingActions.Values.First();
            throw new NonDeterministicOrchestrationException(
                InstanceId,
                $"the orchestrator now produces {Describe(extra)}, but the recorded history ends without it.");
        }
    }

    private void Apply(HistoryEvent e)
    {
        if (_suspended && e is not (ExecutionResumedEvent or ExecutionTerminatedEvent or ExecutionSuspendedEvent
            or OrchestratorStartedEvent or OrchestratorCompletedEvent) && !IsAction(e))
        {
            _suspendedEvents.Add(e);
            return;
        }

        switch (e)
        {
            case OrchestratorStartedEvent started:
                _currentUtcDateTime = started.Timestamp;
                break;
            case ExecutionStartedEvent started:
                Start(started);
                break;
            case TaskScheduledEvent or TimerCreatedEvent or SubOrchestrationInstanceCreatedEvent or EventSentEvent:
                Confirm(e);
                break;
            case TaskCompletedEvent c:
                Complete(c.TaskScheduledId, task => task.Complete(c.Result));
                break;
            case TaskFailedEvent f:
                Complete(f.TaskScheduledId, task => task.Fail(f.FailureDetails));
                break;
            case TimerFiredEvent t:
                Complete(t.TimerId, task => task.Complete(null));
                break;
            case SubOrchestrationInstanceCompletedEvent c:
                Complete(c.TaskScheduledId, task => task.Complete(c.Result));
                break;
            case SubOrchestrationInstanceFailedEvent f:
                Complete(f.TaskScheduledId, task => task.Fail(f.FailureDetails));
                break;
            case EventRaisedEvent raised:
                Deliver(raised);
                break;
            case ExecutionSuspendedEvent:
                _suspended = true;
                Status = OrchestrationRuntimeStatus.Suspended;
                break;
            case ExecutionResumedEvent:
                Resume();
                break;
            case ExecutionTerminatedEvent terminated:
                Status = OrchestrationRuntimeStatus.Terminated;
                Output = _converter.Serialize(terminated.Reason);
                break;
            case ExecutionCompletedEvent completed:
                EnsureCodeEndedHere(completed);
                Status = OrchestrationRuntimeStatus.Completed;
                Output = completed.Result;
                break;
            case ExecutionFailedEvent failed:
                Status = OrchestrationRuntimeStatus.Failed;
                Failure = failed.FailureDetails;
                break;
            case ContinueAsNewEvent continued:
                EnsureCodeEndedHere(continued);
                Status = OrchestrationRuntimeStatus.ContinuedAsNew;
                break;
            case OrchestratorCompletedEvent:
                break;
            default:
                throw new PayloadFormatException($"History event type {e.GetType().Name} is not supported.");
        }
    }

    /// <summary>A recorded completion must find the code finished too, with no action the history lacks.</summary>
    private void EnsureCodeEndedHere(HistoryEvent completion)
    {
        if (_pendingActions.Count > 0)
        {
            throw new NonDeterministicOrchestrationException(
                InstanceId,
                $"the recorded history has {completion.EventType} here, but the orchestrator now produces {Describe(_pendingActions.Values.First())}; the history ends without it.");
        }

        if (_orchestratorTask is { IsCompleted: false })
        {
            throw new NonDeterministicOrchestrationException(
                InstanceId,
                $"the recorded history has {completion.EventType} here, but the orchestrator is still waiting.");
        }
    }

    private static bool IsAction(HistoryEvent e) =>
        e is TaskScheduledEvent or TimerCreatedEvent or SubOrchestrationInstanceCreatedEvent or EventSentEvent;

    private void Start(ExecutionStartedEvent started)
    {
        _name = started.Name;
        _input = started.Input;
        _parent = started.ParentInstance;
        Status = OrchestrationRuntimeStatus.Running;
        _orchestrator = _resolveOrchestrator(started.Name);
        if (_orchestrator is null)
        {
            // Failing is deterministic: replay resolves the same name against the same registry and fails the same way.
            _orchestratorTask = Task.FromException<object?>(new OrchestratorNotFoundException(started.Name));
            return;
        }

        Run(() =>
        {
            object? input;
            try
            {
                input = _converter.Deserialize(_input, _orchestrator.InputType);
            }
            catch (PayloadFormatException ex)
            {
                _orchestratorTask = Task.FromException<object?>(ex);
                return;
            }

            try
            {
                _orchestratorTask = _orchestrator.RunAsync(this, input);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _orchestratorTask = Task.FromException<object?>(ex);
            }
        });
    }

    private void Confirm(HistoryEvent recorded)
    {
        if (!_pendingActions.Remove(recorded.EventId, out var produced))
        {
            var next = _pendingActions.Count > 0 ? Describe(_pendingActions.Values.First()) : "no further action";
            throw new NonDeterministicOrchestrationException(
                InstanceId,
                $"the recorded history has {Describe(recorded)}, but the orchestrator now produces {next} at that point.");
        }

        if (produced.GetType() != recorded.GetType() || ActionName(produced) != ActionName(recorded))
        {
            throw new NonDeterministicOrchestrationException(
                InstanceId,
                $"the recorded history has {Describe(recorded)}, but the orchestrator now produces {Describe(produced)}.");
        }
    }

    private void Complete(int taskId, Action<OpenTask> resolve)
    {
        if (_openTasks.Remove(taskId, out var task))
        {
            Run(() => resolve(task));
        }
    }

    private void Deliver(EventRaisedEvent raised)
    {
        if (_eventWaiters.TryGetValue(raised.Name, out var waiters) && waiters.First is { } first)
        {
            waiters.RemoveFirst();
            Run(() => first.Value(raised.Input));
        }
        else
        {
            _bufferedEvents.Add(raised);
        }
    }

    private void Resume()
    {
        _suspended = false;
        Status = _orchestratorTask is null ? OrchestrationRuntimeStatus.Pending : OrchestrationRuntimeStatus.Running;
        var held = _suspendedEvents.ToArray();
        _suspendedEvents.Clear();
        foreach (var e in held)
        {
            Apply(e);
        }
    }

    /// <summary>Runs code on the orchestration's scheduler until it blocks on durable work.</summary>
    private void Run(Action action) => _scheduler.Run(action);

    /// <summary>True when the action can only be told apart by the recorded order: names must match too.</summary>
    private static string ActionName(HistoryEvent e) => e switch
    {
        TaskScheduledEvent t => t.Name,
        SubOrchestrationInstanceCreatedEvent s => s.Name,
        EventSentEvent s => s.Name,
        _ => "",
    };

    internal static string Describe(HistoryEvent e) => e switch
    {
        TaskScheduledEvent t => $"TaskScheduled '{t.Name}' (id {t.EventId})",
        TimerCreatedEvent t => $"TimerCreated for {t.FireAt:O} (id {t.EventId})",
        SubOrchestrationInstanceCreatedEvent s => $"SubOrchestrationInstanceCreated '{s.Name}' (id {s.EventId})",
        EventSentEvent s => $"EventSent '{s.Name}' to '{s.InstanceId}' (id {s.EventId})",
        _ => $"{e.EventType} (id {e.EventId})",
    };
}
