using DurableTask.Core;

namespace LoopFunctions.DurableTask.Sqlite.Work;

/// <summary>An activity work item with its row and lease token.</summary>
internal sealed class SqliteActivityWorkItem : TaskActivityWorkItem
{
    public required long RowId { get; init; }

    public required string LockToken { get; init; }

    public required int DeliveryCount { get; init; }

    /// <summary>The store's sync ticket when the lease was committed: the activity runs only once that is durable
    /// (<see cref="SqliteSynchronousMode.Durable"/>).</summary>
    public long SyncTicket { get; set; }
}
