namespace LoopFunctions.Durable;

/// <summary>host.json could not be read or has an invalid setting; the message names the file and the setting.</summary>
public sealed class HostJsonException : DurableTaskException
{
    public HostJsonException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
