namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>A prepared workspace: the clone, the commit the loop started from, and its branch.</summary>
public sealed record WorkspaceInfo(string Path, string BaseCommit, string Branch);
