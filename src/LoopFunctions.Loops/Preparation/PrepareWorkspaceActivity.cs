using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;

namespace LoopFunctions.Loops.Preparation;

/// <summary>Makes the run's folder: the project's repository, the loop branch, the agent's tree; idempotent (see
/// <see cref="GitWorkspace.PrepareAsync"/>); on a pull request's head, see <see cref="PullRequestWorkspace.PrepareAsync"/>.</summary>
public sealed class PrepareWorkspaceActivity(IHostApplicationLifetime lifetime) : LoopActivity<PrepareWorkspaceInput, WorkspaceInfo>(lifetime)
{
    protected override Task<WorkspaceInfo> ExecuteAsync(TaskActivityContext context, PrepareWorkspaceInput input, CancellationToken cancellationToken)
    {
        return input.PullRequest is { } pr
            ? PullRequestWorkspace.PrepareAsync(input.Workspace, pr, input.InstanceId, input.Loop, cancellationToken)
            : GitWorkspace.PrepareAsync(input.Workspace, input.InstanceId, input.Loop, cancellationToken);
    }
}
