namespace LoopFunctions.Loops.Workspace;

/// <summary>One path a step changed: <c>A</c>dded, <c>M</c>odified, <c>D</c>eleted, <c>T</c>ype changed, or
/// <c>R</c>enamed (from <paramref name="OldPath"/>).</summary>
/// <param name="Mode">git's mode of the new entry (<c>100644</c>, <c>100755</c>, <c>120000</c> for a symbolic link);
/// null when deleted.</param>
public sealed record ChangedPath(string Path, char Kind, string? OldPath, int Insertions, int Deletions, string? Mode = null);
