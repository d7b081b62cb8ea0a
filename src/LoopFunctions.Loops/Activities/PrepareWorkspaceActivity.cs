using LoopFunctions.Durable;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Activities;

/// <summary>Makes the run's folder: the project's repository, the loop branch, the agent's tree; idempotent (see
/// <see cref="GitWorkspace.PrepareAsync"/>).</summary>
public sealed class PrepareWorkspaceActivity : TaskActivity<PrepareWorkspaceInput, WorkspaceInfo>
{
    public override Task<WorkspaceInfo> RunAsync(TaskActivityContext context, PrepareWorkspaceInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return GitWorkspace.PrepareAsync(input.Workspace, input.InstanceId, input.Loop, context.CancellationToken);
    }
}
