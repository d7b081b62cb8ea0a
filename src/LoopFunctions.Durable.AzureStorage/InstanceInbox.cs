namespace LoopFunctions.Durable.AzureStorage;

/// <summary>One instance's buffered messages on the worker that owns its partition.</summary>
internal sealed class InstanceInbox
{
    public List<BufferedMessage> Messages { get; } = [];

    /// <summary>A work item of this worker holds the instance.</summary>
    public bool Locked { get; set; }

    /// <summary>Real-time tick count before which the row is not tried again (another worker still held it).</summary>
    public long RetryAfterTick { get; set; }

    /// <summary>Store-clock time before which it is not delivered again (an abandon's delay).</summary>
    public DateTime NotBefore { get; set; } = DateTime.MinValue;
}
