namespace LoopFunctions.Loops.Budget;

/// <summary>A step's worst case a pool holds for a run until the step settles, the run releases it, or it expires.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Loop">The loop's name.</param>
/// <param name="Tokens">Tokens held.</param>
/// <param name="CostUsd">USD held.</param>
/// <param name="At">When it was granted.</param>
/// <param name="ExpiresAt">When it is dropped if still open.</param>
public sealed record PoolReservation(string RunId, string Loop, long Tokens, decimal CostUsd, DateTimeOffset At, DateTimeOffset ExpiresAt);
