using LoopFunctions.Loops.Errors;

namespace LoopFunctions.Host.Hosting;

/// <summary>The host cannot start as configured: a bad setting, a bad local.settings.json, or no key while listening
/// beyond loopback. The message names the file or setting and the fix.</summary>
public sealed class HostConfigurationException : LoopFunctionsException
{
    public HostConfigurationException()
    {
    }

    public HostConfigurationException(string message)
        : base(message)
    {
    }

    public HostConfigurationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
