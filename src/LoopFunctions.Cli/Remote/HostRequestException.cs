using LoopFunctions.Loops.Errors;

namespace LoopFunctions.Cli.Remote;

/// <summary>A command against a running host failed: unreachable, unauthorized, or the host refused the request.</summary>
internal sealed class HostRequestException : LoopFunctionsException
{
    public HostRequestException(string message)
        : base(message)
    {
    }

    public HostRequestException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
