namespace LoopFunctions.Durable;

/// <summary>A payload is larger than the configured limit. Payloads are never truncated.</summary>
public sealed class PayloadTooLargeException : DurableTaskException
{
    public PayloadTooLargeException(string what, long size, long limit)
        : base($"{what} is {size:N0} bytes, over the limit of {limit:N0} bytes (DurableTaskOptions.MaxPayloadBytes). Store large data elsewhere and pass a reference.")
    {
        Size = size;
        Limit = limit;
    }

    public long Size { get; }

    public long Limit { get; }
}
