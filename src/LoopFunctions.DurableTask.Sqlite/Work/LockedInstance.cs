namespace LoopFunctions.DurableTask.Sqlite.Work;

/// <summary>What a lock transaction took: the instance, its lock and the raw messages of the batch.</summary>
internal sealed record LockedInstance(
    string InstanceId,
    string ExecutionId,
    string LockToken,
    long LockExpires,
    IReadOnlyList<(long Id, string Json)> Messages);
