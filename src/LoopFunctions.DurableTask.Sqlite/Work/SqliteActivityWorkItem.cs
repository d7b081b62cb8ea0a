using DurableTask.Core;

namespace LoopFunctions.DurableTask.Sqlite.Work;

/// <summary>An activity work item with its row and lease token.</summary>
internal sealed class SqliteActivityWorkItem : TaskActivityWorkItem
{
    public required long RowId { get; init; }

    public required string LockToken { get; init; }

    public required int DeliveryCount { get; init; }
}
