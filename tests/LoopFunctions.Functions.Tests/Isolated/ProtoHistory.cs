using DurableTask.Core.History;
using Google.Protobuf.WellKnownTypes;
using P = Microsoft.DurableTask.Protobuf;

namespace LoopFunctions.Functions.Tests.Isolated;

/// <summary>DTFx history events as the Durable Functions host hands them to an isolated worker: the protobuf
/// <see cref="P.HistoryEvent"/> of an <see cref="P.OrchestratorRequest"/>. Covers the event kinds the saved histories
/// and a loop run hold; an unknown kind fails the test rather than being dropped.</summary>
internal static class ProtoHistory
{
    public static P.HistoryEvent ToProto(HistoryEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var proto = new P.HistoryEvent { EventId = e.EventId, Timestamp = Time(e.Timestamp) };
        switch (e)
        {
            case ExecutionStartedEvent s:
                proto.ExecutionStarted = new P.ExecutionStartedEvent
                {
                    Name = s.Name,
                    Version = s.Version,
                    Input = s.Input,
                    OrchestrationInstance = new P.OrchestrationInstance { InstanceId = s.OrchestrationInstance.InstanceId, ExecutionId = s.OrchestrationInstance.ExecutionId },
                };
                break;
            case OrchestratorStartedEvent:
                proto.OrchestratorStarted = new P.OrchestratorStartedEvent();
                break;
            case OrchestratorCompletedEvent:
                proto.OrchestratorCompleted = new P.OrchestratorCompletedEvent();
                break;
            case TaskScheduledEvent t:
                proto.TaskScheduled = new P.TaskScheduledEvent { Name = t.Name, Version = t.Version, Input = t.Input };
                break;
            case TaskCompletedEvent t:
                proto.TaskCompleted = new P.TaskCompletedEvent { TaskScheduledId = t.TaskScheduledId, Result = t.Result };
                break;
            case TaskFailedEvent t:
                proto.TaskFailed = new P.TaskFailedEvent { TaskScheduledId = t.TaskScheduledId, FailureDetails = Failure(t.FailureDetails, t.Reason) };
                break;
            case TimerCreatedEvent t:
                proto.TimerCreated = new P.TimerCreatedEvent { FireAt = Time(t.FireAt) };
                break;
            case TimerFiredEvent t:
                proto.TimerFired = new P.TimerFiredEvent { TimerId = t.TimerId, FireAt = Time(t.FireAt) };
                break;
            case EventRaisedEvent r:
                proto.EventRaised = new P.EventRaisedEvent { Name = r.Name, Input = r.Input };
                break;
            case EventSentEvent s:
                proto.EventSent = new P.EventSentEvent { InstanceId = s.InstanceId, Name = s.Name, Input = s.Input };
                break;
            case SubOrchestrationInstanceCreatedEvent s:
                proto.SubOrchestrationInstanceCreated = new P.SubOrchestrationInstanceCreatedEvent { InstanceId = s.InstanceId, Name = s.Name, Version = s.Version, Input = s.Input };
                break;
            case SubOrchestrationInstanceCompletedEvent s:
                proto.SubOrchestrationInstanceCompleted = new P.SubOrchestrationInstanceCompletedEvent { TaskScheduledId = s.TaskScheduledId, Result = s.Result };
                break;
            case SubOrchestrationInstanceFailedEvent s:
                proto.SubOrchestrationInstanceFailed = new P.SubOrchestrationInstanceFailedEvent { TaskScheduledId = s.TaskScheduledId, FailureDetails = Failure(s.FailureDetails, s.Reason) };
                break;
            case ExecutionCompletedEvent c:
                proto.ExecutionCompleted = new P.ExecutionCompletedEvent { OrchestrationStatus = (P.OrchestrationStatus)(int)c.OrchestrationStatus, Result = c.Result };
                break;
            case ExecutionTerminatedEvent t:
                proto.ExecutionTerminated = new P.ExecutionTerminatedEvent { Input = t.Input };
                break;
            default:
                throw new NotSupportedException($"{e.EventType} is not converted to the isolated worker's protobuf history");
        }

        return proto;
    }

    private static Timestamp Time(DateTime time) => Timestamp.FromDateTime(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    private static P.TaskFailureDetails Failure(global::DurableTask.Core.FailureDetails? details, string? reason) => new()
    {
        ErrorType = details?.ErrorType ?? "",
        ErrorMessage = details?.ErrorMessage ?? reason ?? "",
        StackTrace = details?.StackTrace,
    };
}
