namespace LoopFunctions.Loops.Workspace;

/// <summary>The agent's tree, stored as a candidate commit by the project's git.</summary>
/// <param name="Commit">The candidate commit (its parent is the step's start commit).</param>
/// <param name="Tree">Its tree.</param>
/// <param name="Changes">What differs from the step's start commit.</param>
/// <param name="Refused">Paths that could not be committed, with the reason (a nested repository, a <c>.git</c> path,
/// a special file).</param>
/// <param name="Links">Every symbolic link of the candidate, path to target.</param>
public sealed record Snapshot(string Commit, string Tree, IReadOnlyList<ChangedPath> Changes, IReadOnlyList<string> Refused, IReadOnlyDictionary<string, string> Links);
