namespace LoopFunctions.Loops.Plans;

/// <param name="MaxIterations">Iterations at most.</param>
/// <param name="MaxTokens">Tokens (input + output) at most, or null.</param>
/// <param name="MaxCostUsd">Spend at most, or null.</param>
/// <param name="MaxDuration">Wall time at most, or null.</param>
/// <param name="StallAfter">End as Stalled when the verification signal has not improved for this many iterations.</param>
/// <remarks>Stored in orchestration histories: a property added later must have a default.</remarks>
public sealed record LimitsPlan(int MaxIterations, long? MaxTokens, decimal? MaxCostUsd, TimeSpan? MaxDuration, int StallAfter)
{
    /// <summary><c>limits.unpriced</c>: <see cref="UnpricedModels.Refuse"/> (the default: with <see cref="MaxCostUsd"/>
    /// set, a model without a price is refused at validation and at start) or <see cref="UnpricedModels.Tokens"/>
    /// (models without a price are accepted, budgeted by <see cref="MaxTokens"/>, required then; their steps count 0
    /// against <see cref="MaxCostUsd"/>).</summary>
    public UnpricedModels Unpriced { get; init; }
}
