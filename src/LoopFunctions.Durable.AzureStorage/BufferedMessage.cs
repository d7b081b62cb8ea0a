using LoopFunctions.Durable.Storage;

namespace LoopFunctions.Durable.AzureStorage;

/// <summary>A control-queue message read into this worker's buffer and not yet consumed.</summary>
internal sealed class BufferedMessage
{
    public required string QueueMessageId { get; init; }

    public required int Partition { get; init; }

    /// <summary>Changes whenever the message is read again or its visibility is updated; the latest deletes it.</summary>
    public required string PopReceipt { get; set; }

    public required string InstanceId { get; init; }

    /// <summary>Null when the event could not be decoded; see <see cref="Error"/>.</summary>
    public TaskMessage? Message { get; init; }

    public string? Error { get; init; }

    public DateTime VisibleAt { get; init; }

    public long Order { get; init; }

    public string? Blob { get; init; }
}
