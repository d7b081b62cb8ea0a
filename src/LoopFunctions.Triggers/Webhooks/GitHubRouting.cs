namespace LoopFunctions.Triggers.Webhooks;

/// <summary>What one GitHub delivery means for the loops: runs to start, and a CI result for loops waiting on a branch.</summary>
/// <param name="Matches">Loops whose trigger matched, each with its deterministic start.</param>
/// <param name="Ignored">Why each other loop with a trigger for this event did not match.</param>
/// <param name="Ci">A finished CI run to pass to loops waiting for CI on its branch.</param>
public sealed record GitHubRouting(IReadOnlyList<GitHubMatch> Matches, IReadOnlyList<string> Ignored, GitHubCiResult? Ci);
