namespace LoopFunctions.Loops.Budget;

/// <summary>A reservation a pool refused.</summary>
/// <param name="At">When.</param>
/// <param name="RunId">The run it stopped.</param>
/// <param name="Loop">The loop's name.</param>
/// <param name="Reason">The refusal, as the run's result gives it.</param>
public sealed record PoolDenial(DateTimeOffset At, string RunId, string Loop, string Reason);
