namespace LoopFunctions.Loops.Budget;

/// <summary>What one loop spent from a pool in the current period.</summary>
/// <param name="Usd">USD settled.</param>
/// <param name="Tokens">Tokens settled.</param>
/// <param name="Steps">Steps settled.</param>
public sealed record PoolLoopTotal(decimal Usd, long Tokens, int Steps);
