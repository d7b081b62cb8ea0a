using LoopFunctions.Durable.Storage;

namespace LoopFunctions.Durable.InMemory;

internal sealed class ActivityRow(long sequenceNumber, TaskMessage message)
{
    public long SequenceNumber { get; } = sequenceNumber;

    public TaskMessage Message { get; } = message;

    public DateTime VisibleAt { get; set; } = DateTime.MinValue;

    public string? LockToken { get; set; }

    public int DeliveryCount { get; set; }
}
