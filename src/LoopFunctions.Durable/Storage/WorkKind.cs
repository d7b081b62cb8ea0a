namespace LoopFunctions.Durable.Storage;

/// <summary>The two queues a worker polls.</summary>
public enum WorkKind
{
    Orchestration,
    Activity,
}
