namespace LoopFunctions.Loops.Processes;

/// <summary>How a child process ended.</summary>
/// <param name="ProcessId">The child's process id (the root of the tree that was run).</param>
/// <param name="ExitCode">Exit code; -1 when it was killed after <paramref name="TimedOut"/>.</param>
/// <param name="StandardOutput">The end of stdout, capped.</param>
/// <param name="StandardError">The end of stderr, capped.</param>
/// <param name="TimedOut">True when the timeout expired and the process tree was killed.</param>
/// <param name="Elapsed">Wall time from start to exit or kill.</param>
/// <param name="OutputTruncated">True when either stream was longer than the cap.</param>
public sealed record ProcessRunResult(
    int ProcessId,
    int ExitCode,
    string StandardOutput,
    string StandardError,
    bool TimedOut,
    TimeSpan Elapsed,
    bool OutputTruncated);
