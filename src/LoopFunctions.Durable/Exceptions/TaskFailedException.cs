namespace LoopFunctions.Durable;

/// <summary>An activity or sub-orchestration failed; thrown to the orchestrator that awaited it.</summary>
public sealed class TaskFailedException : DurableTaskException
{
    public TaskFailedException(string taskName, int taskId, FailureDetails failureDetails)
        : base($"Task '{taskName}' (id {taskId}) failed: {failureDetails?.ErrorType}: {failureDetails?.ErrorMessage}")
    {
        ArgumentNullException.ThrowIfNull(failureDetails);
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails;
    }

    /// <summary>The activity or orchestrator name.</summary>
    public string TaskName { get; }

    /// <summary>The id of the scheduling history event.</summary>
    public int TaskId { get; }

    /// <summary>What went wrong where the task ran.</summary>
    public FailureDetails FailureDetails { get; }
}
