namespace LoopFunctions.Loops.Processes;

/// <summary>How to run one child process.</summary>
/// <param name="Arguments">argv: the program followed by its arguments, passed one by one (no shell).</param>
/// <param name="WorkingDirectory">Current directory of the child.</param>
/// <param name="Timeout">After this the whole process tree is killed.</param>
public sealed record ProcessRunOptions(IReadOnlyList<string> Arguments, string WorkingDirectory, TimeSpan Timeout)
{
    /// <summary>Text written to the child's stdin, which is then closed; null closes stdin at once.</summary>
    public string? StandardInput { get; init; }

    /// <summary>Variables added to (or overriding) the allow-listed environment of <see cref="ChildEnvironment"/>.
    /// The child never inherits the rest of the host's environment.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Characters kept from the end of stdout and of stderr, each.</summary>
    public int OutputCap { get; init; } = 64 * 1024;

    /// <summary>Where the child's process group is recorded while it runs, so that a later step (or the process that
    /// resumes the run after a crash) kills what this one left. Null: not recorded.</summary>
    public ProcessLedger? Ledger { get; init; }

    /// <summary>When the child ends, also kill every process that left its process group but still carries its
    /// environment mark (a daemon it started). For children not confined to a PID namespace of their own.</summary>
    public bool SweepStrays { get; init; }

    /// <summary>Called with each line of stdout as it is read (without its line end), for a live transcript; the
    /// capture above is unaffected. Called from a reader thread.</summary>
    public Action<string>? StandardOutputLine { get; init; }

    /// <summary>As <see cref="StandardOutputLine"/>, for stderr.</summary>
    public Action<string>? StandardErrorLine { get; init; }
}
