namespace LoopFunctions.Loops.Budget;

/// <summary>The input of a pool's <c>settle</c> operation: what a reserved step actually spent.</summary>
/// <param name="Id">The reservation's id; settling it again changes nothing.</param>
/// <param name="RunId">The run.</param>
/// <param name="Loop">The loop's name.</param>
/// <param name="Tokens">Tokens the step spent.</param>
/// <param name="CostUsd">USD the step spent.</param>
public sealed record PoolSettleRequest(string Id, string RunId, string Loop, long Tokens, decimal CostUsd);
