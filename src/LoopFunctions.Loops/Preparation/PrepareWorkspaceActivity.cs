using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops.Preparation;

/// <summary>Makes the run's folder: the project's repository, the loop branch, the agent's tree; idempotent (see
/// <see cref="GitWorkspace.PrepareAsync"/>); on a pull request's head, see <see cref="PullRequestWorkspace.PrepareAsync"/>.
/// Then runs the setup in the agent's sandbox (<see cref="WorkspaceSetup"/>).</summary>
public sealed class PrepareWorkspaceActivity(IHostApplicationLifetime lifetime, IOptions<LoopRunnerOptions> options) : LoopActivity<PrepareWorkspaceInput, WorkspaceInfo>(lifetime)
{
    protected override async Task<WorkspaceInfo> ExecuteAsync(TaskActivityContext context, PrepareWorkspaceInput input, CancellationToken cancellationToken)
    {
        var workspace = input.PullRequest is { } pr
            ? await PullRequestWorkspace.PrepareAsync(input.Workspace, pr, input.InstanceId, input.Loop, cancellationToken).ConfigureAwait(false)
            : await GitWorkspace.PrepareAsync(input.Workspace, input.InstanceId, input.Loop, cancellationToken).ConfigureAwait(false);
        await WorkspaceSetup.RunAsync(input.Workspace, new RunFolder(workspace.Path), options.Value.SandboxHiddenPaths, cancellationToken).ConfigureAwait(false);
        return workspace;
    }
}
