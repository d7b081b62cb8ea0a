using LoopFunctions.Loops.Errors;

namespace LoopFunctions.Loops.Workspace;

/// <summary>A git or workspace operation failed; the message names the command and what git said.</summary>
public sealed class WorkspaceException : LoopFunctionsException
{
    public WorkspaceException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
