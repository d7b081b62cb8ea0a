namespace LoopFunctions.Loops.Workspace;

/// <summary>One path a step changed: <c>A</c>dded, <c>M</c>odified, <c>D</c>eleted or <c>R</c>enamed (from <paramref name="OldPath"/>).</summary>
public sealed record ChangedPath(string Path, char Kind, string? OldPath, int Insertions, int Deletions);
