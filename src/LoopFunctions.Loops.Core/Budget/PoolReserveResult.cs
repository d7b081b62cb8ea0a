namespace LoopFunctions.Loops.Budget;

/// <summary>The answer of a pool's <c>reserve</c> operation.</summary>
/// <param name="Granted">How many of the asked items (a prefix) the pool now holds for the run.</param>
/// <param name="Reason">Why the next item was refused, naming the pool and its numbers; null when all were granted.</param>
/// <param name="SpentUsd">The period's spend after the operation.</param>
/// <param name="SpentTokens">The period's tokens after the operation.</param>
/// <param name="ReservedUsd">What open reservations hold after the operation.</param>
/// <param name="ReservedTokens">The tokens open reservations hold after the operation.</param>
/// <param name="MaxCostUsd">The pool's cost cap, or null.</param>
/// <param name="MaxTokens">The pool's token cap, or null.</param>
/// <param name="Period">The period's key (<c>2026-12-07</c>, <c>2026-W49</c>, <c>2026-12</c>, <c>all</c>).</param>
public sealed record PoolReserveResult(int Granted, string? Reason, decimal SpentUsd, long SpentTokens, decimal ReservedUsd, long ReservedTokens, decimal? MaxCostUsd, long? MaxTokens, string Period);
