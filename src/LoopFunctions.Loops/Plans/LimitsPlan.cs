namespace LoopFunctions.Loops.Plans;

/// <param name="MaxIterations">Iterations at most.</param>
/// <param name="MaxTokens">Tokens (input + output) at most, or null.</param>
/// <param name="MaxCostUsd">Spend at most, or null.</param>
/// <param name="MaxDuration">Wall time at most, or null.</param>
/// <param name="StallAfter">End as Stalled when the verification signal has not improved for this many iterations.</param>
public sealed record LimitsPlan(int MaxIterations, long? MaxTokens, decimal? MaxCostUsd, TimeSpan? MaxDuration, int StallAfter);
