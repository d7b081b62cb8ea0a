using System.Text.Json.Serialization;

namespace LoopFunctions.Durable.History;

/// <summary>
/// One entry of an orchestration instance's append-only history. See <c>docs/history-events.md</c> for the table of
/// event types and which fields each carries.
/// </summary>
/// <remarks>
/// <see cref="EventId"/> is the sequence id of the orchestrator action that produced the event
/// (<see cref="TaskScheduledEvent"/>, <see cref="TimerCreatedEvent"/>, <see cref="SubOrchestrationInstanceCreatedEvent"/>,
/// <see cref="EventSentEvent"/>) and -1 for every other event. Completion events point at the id they complete.
/// Replay matches recorded action events against the actions the orchestrator produces by this id.
/// </remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(OrchestratorStartedEvent), "OrchestratorStarted")]
[JsonDerivedType(typeof(OrchestratorCompletedEvent), "OrchestratorCompleted")]
[JsonDerivedType(typeof(ExecutionStartedEvent), "ExecutionStarted")]
[JsonDerivedType(typeof(ExecutionCompletedEvent), "ExecutionCompleted")]
[JsonDerivedType(typeof(ExecutionFailedEvent), "ExecutionFailed")]
[JsonDerivedType(typeof(ExecutionTerminatedEvent), "ExecutionTerminated")]
[JsonDerivedType(typeof(ExecutionSuspendedEvent), "ExecutionSuspended")]
[JsonDerivedType(typeof(ExecutionResumedEvent), "ExecutionResumed")]
[JsonDerivedType(typeof(ContinueAsNewEvent), "ContinueAsNew")]
[JsonDerivedType(typeof(TaskScheduledEvent), "TaskScheduled")]
[JsonDerivedType(typeof(TaskCompletedEvent), "TaskCompleted")]
[JsonDerivedType(typeof(TaskFailedEvent), "TaskFailed")]
[JsonDerivedType(typeof(TimerCreatedEvent), "TimerCreated")]
[JsonDerivedType(typeof(TimerFiredEvent), "TimerFired")]
[JsonDerivedType(typeof(EventRaisedEvent), "EventRaised")]
[JsonDerivedType(typeof(EventSentEvent), "EventSent")]
[JsonDerivedType(typeof(SubOrchestrationInstanceCreatedEvent), "SubOrchestrationInstanceCreated")]
[JsonDerivedType(typeof(SubOrchestrationInstanceCompletedEvent), "SubOrchestrationInstanceCompleted")]
[JsonDerivedType(typeof(SubOrchestrationInstanceFailedEvent), "SubOrchestrationInstanceFailed")]
public abstract record HistoryEvent(int EventId, DateTime Timestamp)
{
    /// <summary>The name used in history JSON and the HTTP API (<c>eventType</c>).</summary>
    [JsonIgnore]
    public string EventType => GetType().Name[..^"Event".Length];
}
