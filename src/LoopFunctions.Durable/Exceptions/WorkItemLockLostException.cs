namespace LoopFunctions.Durable;

/// <summary>A worker tried to complete a work item whose lock had expired and may have been taken by another worker. The work is discarded; whoever holds the lock now redoes it.</summary>
public sealed class WorkItemLockLostException : DurableTaskException
{
    public WorkItemLockLostException(string what)
        : base($"The lock on {what} was lost before it could be completed; another worker will process it.")
    {
    }
}
