using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;

namespace LoopFunctions.Loops.PullRequest;

/// <summary>Pushes verified work that cannot go to the pull request's head to a follow-up branch of the loop's
/// repository (see <see cref="PullRequestPush.PushFollowUpBranchAsync"/>).</summary>
public sealed class FollowUpBranchActivity(IHostApplicationLifetime lifetime) : LoopActivity<FollowUpBranchInput, string>(lifetime)
{
    protected override Task<string> ExecuteAsync(TaskActivityContext context, FollowUpBranchInput input, CancellationToken cancellationToken)
    {
        return PullRequestPush.PushFollowUpBranchAsync(input, cancellationToken);
    }
}
