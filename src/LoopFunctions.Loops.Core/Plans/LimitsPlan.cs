using System.Text.Json.Serialization;

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

    /// <summary><c>limits.pool</c>: the budget pool (declared in the host's <c>LoopFunctions:Pools</c>) every agent step
    /// reserves its worst case from before it runs; null (the default) for none. Left out of the JSON when null, so plans
    /// recorded before pools existed, and unpooled plans, serialize byte for byte as they did.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Pool { get; init; }
}
