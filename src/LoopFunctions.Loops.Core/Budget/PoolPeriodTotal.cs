namespace LoopFunctions.Loops.Budget;

/// <summary>A closed period of a pool: what it spent.</summary>
/// <param name="Period">The period's key.</param>
/// <param name="Start">When it started.</param>
/// <param name="SpentUsd">USD settled in it.</param>
/// <param name="SpentTokens">Tokens settled in it.</param>
/// <param name="Steps">Steps settled in it.</param>
public sealed record PoolPeriodTotal(string Period, DateTimeOffset Start, decimal SpentUsd, long SpentTokens, int Steps);
