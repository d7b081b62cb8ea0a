using DurableTask.Core;

namespace LoopFunctions.DurableTask.Sqlite.Work;

/// <summary>A checkpoint prepared outside the write transaction (serialized, sized, filtered), so the transaction
/// only runs statements.</summary>
internal sealed class CheckpointPlan
{
    public required string ExecutionId { get; init; }

    public required bool NewExecution { get; init; }

    public required int SeqBase { get; init; }

    public required List<(int Type, string Json)> Events { get; init; }

    public required OrchestrationStatus Status { get; init; }

    public required bool KeepLock { get; init; }

    public string? Name { get; init; }

    public string? Version { get; init; }

    public string? Input { get; init; }

    public string? Output { get; init; }

    public string? CustomStatus { get; init; }

    public string? FailureJson { get; init; }

    public string? TagsJson { get; init; }

    public long? CompletedAt { get; init; }

    public List<TaskMessage> Activities { get; init; } = [];

    public List<TaskMessage> Timers { get; init; } = [];

    public List<TaskMessage> OrchestratorMessages { get; init; } = [];

    public bool IsTerminal => global::LoopFunctions.DurableTask.Sqlite.Storage.Statuses.IsTerminal(Status);
}
