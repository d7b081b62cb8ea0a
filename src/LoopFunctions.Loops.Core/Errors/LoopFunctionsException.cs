namespace LoopFunctions.Loops.Errors;

/// <summary>The root of every exception the loops assembly throws.</summary>
public class LoopFunctionsException : Exception
{
    public LoopFunctionsException()
    {
    }

    public LoopFunctionsException(string message)
        : base(message)
    {
    }

    public LoopFunctionsException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
