namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>One thing a reviewer found in a pull request.</summary>
/// <param name="Number">1-based, stable within the run: the final report says which numbers were fixed.</param>
/// <param name="Severity"><c>high</c>, <c>medium</c> or <c>low</c>.</param>
/// <param name="Path">The file, when the finding is about one.</param>
/// <param name="Line">The line in the head's version of <paramref name="Path"/>, when known.</param>
/// <param name="Text">What is wrong and, when the reviewer says, how to fix it.</param>
public sealed record ReviewFinding(int Number, string Severity, string? Path, int? Line, string Text);
