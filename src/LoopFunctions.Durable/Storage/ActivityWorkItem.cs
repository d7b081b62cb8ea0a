namespace LoopFunctions.Durable.Storage;

/// <summary>A locked activity request.</summary>
/// <remarks>
/// Delivery is at-least-once: if the lock expires (the worker died or stopped renewing), the request becomes
/// visible again with <see cref="DeliveryCount"/> one higher.
/// </remarks>
public sealed class ActivityWorkItem
{
    /// <summary>The provider's id for the request.</summary>
    public required long SequenceNumber { get; init; }

    public required string InstanceId { get; init; }

    public required string ExecutionId { get; init; }

    /// <summary>The EventId of the <c>TaskScheduled</c> event that requested it.</summary>
    public required int TaskScheduledId { get; init; }

    public required string Name { get; init; }

    public required string? Input { get; init; }

    /// <summary>1 on the first delivery.</summary>
    public required int DeliveryCount { get; init; }

    public required string LockToken { get; init; }

    public required DateTime LockedUntil { get; set; }

    /// <summary>Stable across redeliveries, so activity side effects can be made idempotent.</summary>
    public string ActivityExecutionId => $"{InstanceId}:{ExecutionId}:{TaskScheduledId}";
}
