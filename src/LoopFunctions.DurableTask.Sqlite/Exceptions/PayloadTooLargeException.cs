namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>An input or event payload is larger than
/// <see cref="SqliteOrchestrationServiceSettings.MaxPayloadBytes"/>; nothing was stored (payloads are never truncated).</summary>
public sealed class PayloadTooLargeException : SqliteOrchestrationServiceException
{
    public PayloadTooLargeException()
    {
    }

    public PayloadTooLargeException(string message)
        : base(message)
    {
    }

    public PayloadTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
