using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Activities;

/// <summary>Clones the repository and checks out the loop branch; idempotent (see <see cref="GitWorkspace.PrepareAsync"/>).</summary>
public sealed class PrepareWorkspaceActivity(IHostApplicationLifetime lifetime) : LoopActivity<PrepareWorkspaceInput, WorkspaceInfo>(lifetime)
{
    protected override Task<WorkspaceInfo> ExecuteAsync(TaskActivityContext context, PrepareWorkspaceInput input, CancellationToken cancellationToken)
    {
        return GitWorkspace.PrepareAsync(input.Workspace, cancellationToken);
    }
}
