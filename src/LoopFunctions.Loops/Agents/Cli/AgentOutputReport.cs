namespace LoopFunctions.Loops.Agents.Cli;

/// <summary>What an agent CLI reported about itself in a JSON object of its output.</summary>
/// <param name="UsageProblem">Why a reported count or cost cannot be used (negative, fractional, too large, not a
/// number); null when every reported figure is valid.</param>
internal sealed record AgentOutputReport(string? Summary, TokenUsage? Usage, decimal? CostUsd, string? UsageProblem = null);
