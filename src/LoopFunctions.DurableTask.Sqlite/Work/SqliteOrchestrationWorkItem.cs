using DurableTask.Core;

namespace LoopFunctions.DurableTask.Sqlite.Work;

/// <summary>An orchestration work item with what this provider needs to fence and finish it.</summary>
internal sealed class SqliteOrchestrationWorkItem : TaskOrchestrationWorkItem
{
    /// <summary>The per-acquisition lock token every write by this holder is fenced on.</summary>
    public required string LockToken { get; init; }

    /// <summary>An entity ('@' id): the entity dispatcher's, counted apart from orchestrations.</summary>
    public bool IsEntity { get; init; }

    /// <summary>Inbox rows of the current batch of <see cref="TaskOrchestrationWorkItem.NewMessages"/>: exactly these are
    /// deleted by the next checkpoint (never "the instance's inbox", which may have grown meanwhile).</summary>
    public List<long> MessageIds { get; set; } = [];

    /// <summary>Activity results of the current batch that were folded in from memory (no inbox row): the next
    /// checkpoint deletes their activity rows instead.</summary>
    public List<FoldedResult>? Folded { get; set; }

    /// <summary>Where activity results are handed to this item's session; null until a checkpoint kept the lock.</summary>
    public FoldBox? Folds { get; set; }

    /// <summary>The execution whose history is stored (a different one at checkpoint means continue-as-new or rewind).</summary>
    public string? StoredExecutionId { get; set; }

    /// <summary>True while this item holds the instance lock; Release is a no-op after a checkpoint let it go.</summary>
    public bool LockHeld { get; set; } = true;

    /// <summary>The instance's signal as it was when the last session batch was read: still pending means this
    /// process stored nothing for the instance since, so the next fetch can wait before reading.</summary>
    public Task? SessionSignal { get; set; }

    /// <summary>When the earliest message not yet visible at that read comes due (a timer), if any.</summary>
    public long? SessionDue { get; set; }

    /// <summary>1 once Release ran (DTFx calls it once per item; this keeps the in-flight count right if it did twice).</summary>
    public int Released;
}
