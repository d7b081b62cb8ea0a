using LoopFunctions.Durable.History;

namespace LoopFunctions.Durable.Storage;

/// <summary>What a provider sends a parent whose sub-orchestration id is taken by a live instance.</summary>
public static class SubOrchestrationConflict
{
    public static TaskMessage Create(TaskMessage start, OrchestrationRuntimeStatus existingStatus, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(start);
        var parent = ((ExecutionStartedEvent)start.Event).ParentInstance
            ?? throw new ArgumentException("Not a sub-orchestration start.", nameof(start));
        var failure = new FailureDetails(
            typeof(OrchestrationAlreadyExistsException).FullName!,
            new OrchestrationAlreadyExistsException(start.InstanceId, existingStatus).Message,
            IsNonRetriable: true);
        return new TaskMessage(parent.InstanceId, parent.ExecutionId, new SubOrchestrationInstanceFailedEvent(now, parent.TaskScheduledId, failure));
    }
}
