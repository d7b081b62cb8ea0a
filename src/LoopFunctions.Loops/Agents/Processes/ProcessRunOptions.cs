namespace LoopFunctions.Loops.Agents.Processes;

/// <summary>How to run one child process.</summary>
/// <param name="Arguments">argv: the program followed by its arguments, passed one by one (no shell).</param>
/// <param name="WorkingDirectory">Current directory of the child.</param>
/// <param name="Timeout">After this the whole process tree is killed.</param>
public sealed record ProcessRunOptions(IReadOnlyList<string> Arguments, string WorkingDirectory, TimeSpan Timeout)
{
    /// <summary>Text written to the child's stdin, which is then closed; null closes stdin at once.</summary>
    public string? StandardInput { get; init; }

    /// <summary>Variables added to (or overriding) the inherited environment.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Characters kept from the end of stdout and of stderr, each.</summary>
    public int OutputCap { get; init; } = 64 * 1024;
}
