namespace LoopFunctions.Loops.Agents.Workspace;

/// <summary>A path given to a workspace tool is not allowed (absolute, escapes the workspace, goes through a symbolic
/// link that leads outside, or is inside <c>.git</c>). The message names the path and the reason.</summary>
public class WorkspaceAccessException : AgentException
{
    /// <summary>Creates the exception with no message.</summary>
    public WorkspaceAccessException()
    {
    }

    /// <summary>Creates the exception with a message naming the path and the reason.</summary>
    public WorkspaceAccessException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public WorkspaceAccessException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
