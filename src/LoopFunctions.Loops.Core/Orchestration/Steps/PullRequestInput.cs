namespace LoopFunctions.Loops.Orchestration.Steps;

/// <param name="Workspace">The loop's workspace; its branch is the pull request's head.</param>
/// <param name="Remote">The remote whose URL names the GitHub repository.</param>
/// <param name="BaseBranch">The branch to merge into.</param>
/// <param name="Title">The rendered title.</param>
/// <param name="Body">The rendered body.</param>
public sealed record PullRequestInput(WorkspaceInfo Workspace, string Remote, string BaseBranch, string Title, string Body) : IWorkspaceStep;
