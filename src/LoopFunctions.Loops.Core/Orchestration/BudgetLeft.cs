namespace LoopFunctions.Loops.Orchestration;

/// <summary>What is left of each limit; null where the loop sets no limit.</summary>
public sealed record BudgetLeft(int Iterations, long? Tokens, decimal? CostUsd, TimeSpan? Time);
