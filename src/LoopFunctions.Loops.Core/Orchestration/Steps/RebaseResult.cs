namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>The loop's work replayed on a moved head.</summary>
/// <param name="Clean">The changes merged without conflict: <paramref name="Candidate"/> holds them on the new head.</param>
/// <param name="Candidate">A candidate commit (the merged tree on the new head), to be verified before it is committed.</param>
/// <param name="Conflicts">Why it is not clean: conflicting paths, a rewritten head, a protected path.</param>
public sealed record RebaseResult(bool Clean, string? Candidate, IReadOnlyList<string> Conflicts);
