namespace LoopFunctions.Host.Dashboard;

/// <summary>One file of an iteration's diff: its path and its part of <c>git diff</c>.</summary>
internal sealed record DiffFile(string Path, string Diff);
