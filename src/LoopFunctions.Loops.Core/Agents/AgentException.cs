using LoopFunctions.Loops.Errors;

namespace LoopFunctions.Loops.Agents;

/// <summary>An agent could not run at all: invalid settings, a malformed reply from the model endpoint, or an endpoint
/// that kept failing after retries. Failures of the agent's own work are reported in <see cref="AgentResult"/>
/// instead.</summary>
public class AgentException : LoopFunctionsException
{
    /// <summary>Creates the exception with no message.</summary>
    public AgentException()
    {
    }

    /// <summary>Creates the exception with a message saying what failed and what to do.</summary>
    public AgentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public AgentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
