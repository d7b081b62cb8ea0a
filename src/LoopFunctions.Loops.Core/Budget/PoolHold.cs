namespace LoopFunctions.Loops.Budget;

/// <summary>The pool reservation an agent step runs under: the step checks it is still held before it spends.</summary>
/// <param name="Pool">The pool's name as the loop file gives it (<c>limits.pool</c>).</param>
/// <param name="Id">The reservation's id (<c>{instance}/{iteration}/{attempt}</c>, with <c>#r{n}</c> once re-reserved).</param>
public sealed record PoolHold(string Pool, string Id);
