namespace LoopFunctions.Loops.Budget;

/// <summary>The input of a pool's <c>release</c> operation: reservations freed without a charge.</summary>
/// <param name="Ids">These reservations (the janitor frees a dead run's holds by id, so a stale sweep never frees a
/// newer hold); null or empty for none.</param>
/// <param name="RunId">Every reservation of this run (a run's normal end); null for none.</param>
public sealed record PoolReleaseRequest(IReadOnlyList<string>? Ids = null, string? RunId = null);
