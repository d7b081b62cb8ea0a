using LoopFunctions.Durable.Converters;

namespace LoopFunctions.Durable;

/// <summary>
/// The state of one orchestration instance as a client sees it. Payloads are serialized JSON and are only filled
/// when they were asked for.
/// </summary>
public sealed record OrchestrationMetadata(string Name, string InstanceId)
{
    /// <summary>The current execution's id; changes on <c>ContinueAsNew</c> and restart.</summary>
    public string ExecutionId { get; init; } = "";

    public OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime LastUpdatedAt { get; init; }

    /// <summary>When a scheduled start is due, for an instance created with a start time.</summary>
    public DateTime? ScheduledStartAt { get; init; }

    public string? SerializedInput { get; init; }

    public string? SerializedOutput { get; init; }

    public string? SerializedCustomStatus { get; init; }

    public FailureDetails? FailureDetails { get; init; }

    /// <summary>The parent's instance id for a sub-orchestration.</summary>
    public string? ParentInstanceId { get; init; }

    /// <summary>The data converter used by the <c>ReadXAs</c> helpers; set by the client.</summary>
    internal DataConverter Converter { get; init; } = JsonDataConverter.Default;

    public bool IsRunning => RuntimeStatus is OrchestrationRuntimeStatus.Running;

    public bool IsCompleted => RuntimeStatus.IsTerminal();

    public T? ReadInputAs<T>() => Converter.Deserialize<T>(SerializedInput);

    public T? ReadOutputAs<T>() => Converter.Deserialize<T>(SerializedOutput);

    public T? ReadCustomStatusAs<T>() => Converter.Deserialize<T>(SerializedCustomStatus);
}
