namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>A prepared workspace: the run's folder, the commit the loop started from, and its branch.</summary>
/// <param name="Path">The run's folder (<c>Workspace.RunFolder</c>): the project's repository, the agent's tree, the
/// checkout the checks run in.</param>
/// <param name="BaseCommit">The commit the loop started from.</param>
/// <param name="Branch">The loop branch.</param>
/// <param name="Head">The loop branch's tip when the workspace was prepared: the base for a new run, further on when
/// an earlier run of the same instance left commits. Null in histories recorded before it existed.</param>
public sealed record WorkspaceInfo(string Path, string BaseCommit, string Branch, string? Head = null);
