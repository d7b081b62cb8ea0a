namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>The diff of an agent step against its start commit, and the paths it was not allowed to touch.</summary>
/// <param name="Allowed">No violation: the candidate may be verified and committed.</param>
/// <param name="Candidate">The agent's tree snapshotted as a commit by the project's git: what is verified and,
/// after verification, committed. Null in histories recorded before it existed.</param>
public sealed record GuardOutcome(bool Allowed, int FilesChanged, int Insertions, int Deletions, IReadOnlyList<string> Violations, string? Candidate = null);
