namespace LoopFunctions.Durable;

/// <summary>What an activity sees of the engine.</summary>
/// <remarks>Activities run at least once: a crash or a lost lock re-delivers the request. Make side effects
/// idempotent with <see cref="ActivityExecutionId"/>, which stays the same across deliveries.</remarks>
public sealed class TaskActivityContext
{
    internal TaskActivityContext(string name, string instanceId, string activityExecutionId, int deliveryCount, CancellationToken cancellationToken)
    {
        Name = name;
        InstanceId = instanceId;
        ActivityExecutionId = activityExecutionId;
        DeliveryCount = deliveryCount;
        CancellationToken = cancellationToken;
    }

    public string Name { get; }

    /// <summary>The orchestration instance that scheduled the activity.</summary>
    public string InstanceId { get; }

    /// <summary>Stable across re-deliveries of the same request: "{instanceId}:{executionId}:{taskId}".</summary>
    public string ActivityExecutionId { get; }

    /// <summary>1 on the first delivery; higher after a crash or lost lock.</summary>
    public int DeliveryCount { get; }

    /// <summary>Cancelled when the worker stops or loses the activity's lock.</summary>
    public CancellationToken CancellationToken { get; }
}
