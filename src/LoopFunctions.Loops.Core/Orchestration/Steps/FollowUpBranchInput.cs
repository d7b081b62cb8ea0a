namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>Push the loop's verified work to a follow-up branch of the base repository, because it cannot go to the
/// pull request's head.</summary>
/// <param name="Workspace">The run's workspace.</param>
/// <param name="Commit">The verified commit.</param>
/// <param name="Branch">The follow-up branch's name prefix; the commit's short id is appended, so a retry or another
/// commit never overwrites a branch.</param>
public sealed record FollowUpBranchInput(WorkspaceInfo Workspace, string Commit, string Branch) : IWorkspaceStep;
