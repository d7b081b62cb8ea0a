namespace LoopFunctions.Durable;

/// <summary>A persisted payload could not be read as the expected type or as a history event.</summary>
public sealed class PayloadFormatException : DurableTaskException
{
    public PayloadFormatException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
