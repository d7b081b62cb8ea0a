namespace LoopFunctions.Cli;

/// <summary>The CLI's exit codes, documented in the README.</summary>
internal static class ExitCodes
{
    /// <summary>The loop was verified, or the command succeeded.</summary>
    public const int Success = 0;

    /// <summary>An error: the loop failed, a file was invalid, the store could not be opened.</summary>
    public const int Error = 1;

    /// <summary>The command line was wrong.</summary>
    public const int Usage = 2;

    /// <summary>The loop ended unverified: budget, max iterations, stalled or rejected.</summary>
    public const int Unverified = 3;
}
