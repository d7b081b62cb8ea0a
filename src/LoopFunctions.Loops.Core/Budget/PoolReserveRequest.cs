namespace LoopFunctions.Loops.Budget;

/// <summary>The input of a pool's <c>reserve</c> operation.</summary>
/// <param name="RunId">The run (orchestration instance) the steps belong to; <c>release</c> by run frees them.</param>
/// <param name="Loop">The loop's name, for the pool's per-loop totals.</param>
/// <param name="Items">The steps in the order they would run; the pool grants the longest prefix it can cover.</param>
public sealed record PoolReserveRequest(string RunId, string Loop, IReadOnlyList<PoolItem> Items);
