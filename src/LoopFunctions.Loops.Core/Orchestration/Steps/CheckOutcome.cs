namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>One check's result in a verification.</summary>
public sealed record CheckOutcome(string Name, bool Passed, string Summary, int? TestsFound, IReadOnlyList<string> NewFailures, IReadOnlyList<string> PreExistingFailures);
