namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>Which commit's CI jobs to summarise after a failure.</summary>
/// <param name="Repository">The repository whose checks ran, <c>owner/name</c>.</param>
/// <param name="Commit">The commit CI ran on.</param>
public sealed record CiDetailsInput(string Repository, string Commit);
