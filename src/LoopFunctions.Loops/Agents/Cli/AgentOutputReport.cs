namespace LoopFunctions.Loops.Agents.Cli;

/// <summary>What an agent CLI reported about itself in a JSON object of its output.</summary>
internal sealed record AgentOutputReport(string? Summary, TokenUsage? Usage, decimal? CostUsd);
