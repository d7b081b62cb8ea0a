using Microsoft.DurableTask.Client;

namespace LoopFunctions.DurableTask;

/// <summary>The instance exists but its status forbids the operation: raising an event on, terminating, suspending or
/// resuming a finished instance; purging a live one; rewinding one that has not failed. HTTP hosts answer 410 when
/// <see cref="RuntimeStatus"/> is terminal and the operation needs a live instance, 409 otherwise.</summary>
public sealed class OrchestrationStatusConflictException : DurableTaskHostException
{
    public OrchestrationStatusConflictException()
    {
    }

    public OrchestrationStatusConflictException(string message)
        : base(message)
    {
    }

    public OrchestrationStatusConflictException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public OrchestrationStatusConflictException(string instanceId, OrchestrationRuntimeStatus status, string operation, string requirement)
        : base($"Cannot {operation} orchestration instance '{instanceId}': it is {status}; {requirement}.")
    {
        InstanceId = instanceId;
        RuntimeStatus = status;
        Operation = operation;
    }

    public string? InstanceId { get; }

    /// <summary>The instance's status when the operation was refused.</summary>
    public OrchestrationRuntimeStatus? RuntimeStatus { get; }

    /// <summary>The refused operation, as a verb: <c>terminate</c>, <c>raise an event on</c>, <c>purge</c>, ...</summary>
    public string? Operation { get; }

    /// <summary>Whether the instance had finished (Completed, Failed, Terminated).</summary>
    public bool IsTerminal => RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
}
