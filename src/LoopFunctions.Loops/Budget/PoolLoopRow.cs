namespace LoopFunctions.Loops.Budget;

/// <summary>One loop's spend from a pool in the pool's current period.</summary>
/// <param name="Loop">The loop's name.</param>
/// <param name="Usd">USD settled.</param>
/// <param name="Tokens">Tokens settled.</param>
/// <param name="Steps">Steps settled.</param>
public sealed record PoolLoopRow(string Loop, decimal Usd, long Tokens, int Steps);
