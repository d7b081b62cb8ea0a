namespace LoopFunctions.Loops.Agents.CodingClis;

/// <summary>The CLI session a run left in the agent home, so the next iteration can continue it.</summary>
/// <param name="Kind">The CLI that made it.</param>
/// <param name="SessionId">The CLI's own session (thread) id.</param>
/// <param name="CumulativeUsage">The session's usage so far, for CLIs that report usage summed over the session
/// (codex after <c>exec resume</c>): the next run's own share is its total minus this.</param>
/// <param name="CumulativeCostUsd">The session's cost so far as the CLI reported it, for CLIs whose cost figure is
/// summed over the session (Claude Code after <c>--resume</c>).</param>
public sealed record CliSession(string Kind, string SessionId, TokenUsage CumulativeUsage, decimal? CumulativeCostUsd = null);
