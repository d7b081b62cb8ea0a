using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;

namespace LoopFunctions.Loops.Guard;

/// <summary>Snapshots the agent's tree into a candidate commit and checks what it changed against <c>allow_paths</c>,
/// the protected paths and the repository's bounds (see <see cref="CandidateGuard"/>).</summary>
public sealed class GuardActivity(IHostApplicationLifetime lifetime) : LoopActivity<GuardInput, GuardOutcome>(lifetime)
{
    protected override Task<GuardOutcome> ExecuteAsync(TaskActivityContext context, GuardInput input, CancellationToken cancellationToken)
    {
        return CandidateGuard.CheckAsync(input, cancellationToken);
    }
}
