namespace LoopFunctions.Loops.Definitions;

/// <summary>The names of environment variables a loop file may pass to its agent, checks, reviewer and deploy steps.</summary>
public static class EnvironmentNames
{
    /// <summary>True for a name a loop file may declare: letters, digits and underscores, not starting with a digit.</summary>
    public static bool IsValid(string name) =>
        !string.IsNullOrEmpty(name) && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
