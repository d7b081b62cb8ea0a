namespace LoopFunctions.Triggers;

/// <summary>A trigger setting has a value it cannot take; the message names the setting. The root of this assembly's
/// exceptions.</summary>
public class TriggerConfigurationException : Exception
{
    public TriggerConfigurationException()
    {
    }

    public TriggerConfigurationException(string message)
        : base(message)
    {
    }

    public TriggerConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
