namespace LoopFunctions.Loops.Errors;

/// <summary>A step that must not be retried, because running it again cannot help: the agent reported usage that
/// cannot be true, the sandbox the loop asks for is not there, the workspace belongs to another loop.</summary>
public sealed class StepRejectedException : LoopFunctionsException
{
    public StepRejectedException(string message)
        : base(message)
    {
    }

    public StepRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
