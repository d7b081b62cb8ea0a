namespace LoopFunctions.Loops.Agents;

/// <summary>What one agent step did.</summary>
/// <param name="Succeeded">False when the agent itself failed (non-zero exit, timeout); <see cref="Error"/> says why.
/// True does not mean the goal is met: verification decides that.</param>
/// <param name="Summary">The agent's final text (or the last lines of its output).</param>
/// <param name="Usage">Tokens consumed, summed over all model calls of the step.</param>
/// <param name="CostUsd">Cost in USD when known (reported by the agent CLI, or computed from a price table).</param>
/// <param name="ToolCalls">Number of tool calls executed.</param>
/// <param name="FilesWritten">Workspace-relative paths the agent wrote through its tools (empty for CLI agents, whose
/// writes the loop's guard finds from the git diff).</param>
/// <param name="Transcript">A short, capped log of the step, one line per event.</param>
/// <param name="Error">Why the step failed, when <see cref="Succeeded"/> is false.</param>
public sealed record AgentResult(
    bool Succeeded,
    string Summary,
    TokenUsage Usage,
    decimal? CostUsd,
    int ToolCalls,
    IReadOnlyList<string> FilesWritten,
    IReadOnlyList<string> Transcript,
    string? Error)
{
    /// <summary>Set when the agent reported usage that cannot be true (negative, fractional, overflowing counts); the
    /// step then fails instead of counting it.</summary>
    public string? UsageProblem { get; init; }
}
