namespace LoopFunctions.AgentBench;

/// <summary>One iteration of a benchmarked loop, in milliseconds.</summary>
internal sealed record IterationTiming(
    string Cli,
    int Run,
    int Iteration,
    double IterationMs,
    double CliMs,
    double CliStartupMs,
    double CliTailMs,
    double CheckMs)
{
    /// <summary>What the loop itself adds around the CLI and the check.</summary>
    public double LoopOverheadMs => Math.Round(IterationMs - CliMs - CheckMs, 1);
}
