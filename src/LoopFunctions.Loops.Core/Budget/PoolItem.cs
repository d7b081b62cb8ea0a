namespace LoopFunctions.Loops.Budget;

/// <summary>One step's worst case, asked of a pool.</summary>
/// <param name="Id">The reservation's id, unique per step: <c>{instance}/{iteration}/{attempt}</c>. Asking again for an
/// id the pool holds (or settled) grants it again without a second hold.</param>
/// <param name="Tokens">The step's worst case in tokens.</param>
/// <param name="CostUsd">The step's worst case in USD.</param>
public sealed record PoolItem(string Id, long Tokens, decimal CostUsd);
