namespace LoopFunctions.Durable;

/// <summary>The store cannot be used: the file is locked by another process beyond the busy timeout, read-only, corrupt, or of an unknown schema version.</summary>
public sealed class StoreUnavailableException : DurableTaskException
{
    public StoreUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
