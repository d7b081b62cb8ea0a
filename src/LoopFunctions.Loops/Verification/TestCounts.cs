namespace LoopFunctions.Loops.Verification;

/// <summary>What a test report says: how many tests it found and which failed.</summary>
/// <param name="Failures">Why each failed test failed (message, file:line), in report order; empty when the report
/// says nothing about it.</param>
public sealed record TestCounts(int Total, int Passed, int Failed, int Skipped, IReadOnlyList<string> FailedNames, IReadOnlyList<TestFailure>? Failures = null);
