namespace LoopFunctions.Loops.Verification;

/// <summary>What a test report says: how many tests it found and which failed.</summary>
public sealed record TestCounts(int Total, int Passed, int Failed, int Skipped, IReadOnlyList<string> FailedNames);
