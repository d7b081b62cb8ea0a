namespace LoopFunctions.Durable;

/// <summary>The root of every exception the durable engine throws.</summary>
public class DurableTaskException : Exception
{
    public DurableTaskException()
    {
    }

    public DurableTaskException(string message)
        : base(message)
    {
    }

    public DurableTaskException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
