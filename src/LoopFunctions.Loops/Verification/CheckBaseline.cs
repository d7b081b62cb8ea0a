namespace LoopFunctions.Loops.Verification;

/// <summary>How a check did on the base commit, before the agent changed anything.</summary>
public sealed record CheckBaseline(bool Passed, int? TestsFound, int? Skipped, IReadOnlyList<string> FailedTests);
