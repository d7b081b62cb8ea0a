namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>SQLite's <c>PRAGMA synchronous</c> setting in WAL mode.</summary>
public enum SqliteSynchronousMode
{
    /// <summary>Durable across process crashes; a power loss may lose the last transactions.</summary>
    Normal,

    /// <summary>Durable across power loss; every commit waits for the disk.</summary>
    Full,
}
