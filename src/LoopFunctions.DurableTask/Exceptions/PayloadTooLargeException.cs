using System.Globalization;

namespace LoopFunctions.DurableTask;

/// <summary>A serialized input, event payload or output is over the configured limit; nothing was stored or sent
/// (HTTP hosts answer 413). Payloads are never truncated.</summary>
public sealed class PayloadTooLargeException : DurableTaskHostException
{
    public PayloadTooLargeException()
    {
    }

    public PayloadTooLargeException(string message)
        : base(message)
    {
    }

    public PayloadTooLargeException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public PayloadTooLargeException(string what, long size, long limit)
        : base(string.Create(CultureInfo.InvariantCulture, $"{what} is {size:N0} bytes serialized, over the limit of {limit:N0} bytes (DurableEngineOptions.MaxPayloadBytes)."))
    {
        Size = size;
        Limit = limit;
    }

    /// <summary>The serialized size in UTF-8 bytes.</summary>
    public long Size { get; }

    /// <summary>The limit in UTF-8 bytes.</summary>
    public long Limit { get; }
}
