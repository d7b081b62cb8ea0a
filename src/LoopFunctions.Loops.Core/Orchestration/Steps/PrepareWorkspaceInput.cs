using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Orchestration.Steps;

/// <param name="Workspace">The repository and branches.</param>
/// <param name="InstanceId">The run: it names the run's folder, one folder per instance id.</param>
/// <param name="Loop">The loop's name, recorded in the folder so another loop cannot reuse the instance id.</param>
/// <param name="PullRequest">For a <c>workspace.branch: head</c> loop: the pull request, as loaded; the workspace
/// starts from its head commit on its head branch.</param>
public sealed record PrepareWorkspaceInput(WorkspacePlan Workspace, string InstanceId, string? Loop = null, PullRequestInfo? PullRequest = null);
