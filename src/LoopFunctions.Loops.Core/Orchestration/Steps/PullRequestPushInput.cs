namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>Push a verified commit to the pull request's head branch, never forced.</summary>
/// <param name="Workspace">The run's workspace; its branch is the head branch.</param>
/// <param name="Remote">The head repository's remote.</param>
/// <param name="Expected">Where the loop believes the head branch is (its start, or its own last push): the commit its
/// work builds on.</param>
/// <param name="Commit">The verified commit to push.</param>
public sealed record PullRequestPushInput(WorkspaceInfo Workspace, string Remote, string Expected, string Commit) : IWorkspaceStep;
