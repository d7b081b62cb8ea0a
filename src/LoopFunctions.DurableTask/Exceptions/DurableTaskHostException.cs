namespace LoopFunctions.DurableTask;

/// <summary>The root of every exception this assembly throws: host.json problems, client refusals, payload limits.</summary>
public class DurableTaskHostException : Exception
{
    public DurableTaskHostException()
    {
    }

    public DurableTaskHostException(string message)
        : base(message)
    {
    }

    public DurableTaskHostException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
