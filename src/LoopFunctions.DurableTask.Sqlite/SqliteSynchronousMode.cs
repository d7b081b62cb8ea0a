namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>SQLite's <c>PRAGMA synchronous</c> setting in WAL mode.</summary>
public enum SqliteSynchronousMode
{
    /// <summary>Durable across process crashes; a power loss may lose the last transactions.</summary>
    Normal,

    /// <summary>Durable across power loss; every commit waits for the disk.</summary>
    Full,

    /// <summary>Durable across power loss for everything that leaves the process, without commits waiting for the disk:
    /// a client's write is acknowledged, a client's read answered and an activity started only after the WAL is synced
    /// past what it depends on; a sync thread fsyncs the WAL behind the commits, one sync for all that queued. A power
    /// loss can roll back only steps nothing outside the process has seen (orchestrator episodes, which replay the same,
    /// and activity results, whose activities run again: at-least-once, as always).</summary>
    Durable,
}
