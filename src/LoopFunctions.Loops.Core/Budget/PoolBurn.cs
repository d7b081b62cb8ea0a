namespace LoopFunctions.Loops.Budget;

/// <summary>What a pool's settles charged in one hour (UTC) of the current period: the burn chart's bucket.</summary>
/// <param name="Hour">The hour's start.</param>
/// <param name="Usd">USD charged in it.</param>
/// <param name="Tokens">Tokens charged in it.</param>
public sealed record PoolBurn(DateTimeOffset Hour, decimal Usd, long Tokens);
