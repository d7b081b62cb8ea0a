using LoopFunctions.Durable.History;
using LoopFunctions.Durable.Storage;

namespace LoopFunctions.Durable.InMemory;

internal sealed class InstanceRow(string instanceId, string name, string executionId, DateTime createdAt)
{
    public string InstanceId { get; } = instanceId;

    public string Name { get; private set; } = name;

    public string ExecutionId { get; set; } = executionId;

    public DateTime CreatedAt { get; } = createdAt;

    public DateTime LastUpdatedAt { get; private set; } = createdAt;

    public DateTime? ScheduledStartAt { get; init; }

    public OrchestrationRuntimeStatus Status { get; private set; } = OrchestrationRuntimeStatus.Pending;

    public string? Input { get; set; }

    public string? Output { get; private set; }

    public string? CustomStatus { get; private set; }

    public FailureDetails? Failure { get; private set; }

    public string? ParentInstanceId { get; init; }

    public List<HistoryEvent> History { get; } = [];

    public List<TaskMessage> Inbox { get; } = [];

    public string? LockToken { get; set; }

    public DateTime LockedUntil { get; set; } = DateTime.MinValue;

    public void Apply(OrchestrationState state)
    {
        Status = state.RuntimeStatus;
        Output = state.Output;
        CustomStatus = state.CustomStatus;
        Failure = state.FailureDetails;
        LastUpdatedAt = state.LastUpdatedAt;
        Name = state.Name ?? Name;
        if (state.UpdateInput)
        {
            Input = state.Input;
        }
    }

    public OrchestrationMetadata ToMetadata(bool withPayloads) => new(Name, InstanceId)
    {
        ExecutionId = ExecutionId,
        RuntimeStatus = Status,
        CreatedAt = CreatedAt,
        LastUpdatedAt = LastUpdatedAt,
        ScheduledStartAt = ScheduledStartAt,
        SerializedInput = withPayloads ? Input : null,
        SerializedOutput = withPayloads ? Output : null,
        SerializedCustomStatus = withPayloads ? CustomStatus : null,
        FailureDetails = Failure,
        ParentInstanceId = ParentInstanceId,
    };
}
