using LoopFunctions.Durable;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Activities;

/// <summary>Snapshots the agent's tree into a candidate commit and checks what it changed against <c>allow_paths</c>,
/// the protected paths and the repository's bounds (see <see cref="CandidateGuard"/>).</summary>
public sealed class GuardActivity : TaskActivity<GuardInput, GuardOutcome>
{
    public override Task<GuardOutcome> RunAsync(TaskActivityContext context, GuardInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return CandidateGuard.CheckAsync(input, context.CancellationToken);
    }
}
