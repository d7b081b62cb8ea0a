using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;

namespace LoopFunctions.Loops.PullRequest;

/// <summary>Replays the loop's verified work on a pull-request head that moved, as a candidate to verify again (see
/// <see cref="PullRequestPush.RebaseAsync"/>).</summary>
public sealed class RebaseOntoHeadActivity(IHostApplicationLifetime lifetime) : LoopActivity<RebaseInput, RebaseResult>(lifetime)
{
    protected override Task<RebaseResult> ExecuteAsync(TaskActivityContext context, RebaseInput input, CancellationToken cancellationToken)
    {
        return PullRequestPush.RebaseAsync(input, cancellationToken);
    }
}
