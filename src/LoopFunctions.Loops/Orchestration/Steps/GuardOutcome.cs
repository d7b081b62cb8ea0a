namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>The diff of an agent step against its start commit, and the paths it was not allowed to touch.</summary>
public sealed record GuardOutcome(bool Allowed, int FilesChanged, int Insertions, int Deletions, IReadOnlyList<string> Violations);
