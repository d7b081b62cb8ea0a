namespace LoopFunctions.Loops.Agents.CodingClis;

/// <summary>What a coding CLI said it did, read from its machine output.</summary>
/// <param name="Summary">Its final message, or null.</param>
/// <param name="Usage">This run's own tokens (cumulative counts already reduced to this run's share), or null when
/// the output reported none.</param>
/// <param name="CostUsd">The CLI's own cost figure, where it reports one.</param>
/// <param name="SessionId">The session to resume next time, or null.</param>
/// <param name="ToolCalls">The tool calls it made, by tool name, in order.</param>
/// <param name="Problems">Edits it was refused or that failed (permission denials, failed file changes), and errors
/// it reported while still exiting 0.</param>
/// <param name="SessionUsage">The session's usage after this run, for CLIs that report cumulative counts.</param>
public sealed record CliReport(
    string? Summary,
    TokenUsage? Usage,
    decimal? CostUsd,
    string? SessionId,
    IReadOnlyList<string> ToolCalls,
    IReadOnlyList<string> Problems,
    TokenUsage? SessionUsage = null)
{
    /// <summary>The session's cost after this run as the CLI reported it, for CLIs that report it summed over the
    /// session.</summary>
    public decimal? SessionCostUsd { get; init; }

    /// <summary>Why a reported count cannot be used (negative, fractional, too large); null when all are valid.</summary>
    public string? UsageProblem { get; init; }

    /// <summary>The output had no line the reader understood.</summary>
    public static CliReport Empty { get; } = new(null, null, null, null, [], []);
}
