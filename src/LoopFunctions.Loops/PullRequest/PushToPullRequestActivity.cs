using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;

namespace LoopFunctions.Loops.PullRequest;

/// <summary>Pushes a verified commit to the pull request's head branch, never forced; reports a moved head or a refusal
/// (see <see cref="PullRequestPush.PushAsync"/>).</summary>
public sealed class PushToPullRequestActivity(IHostApplicationLifetime lifetime) : LoopActivity<PullRequestPushInput, PullRequestPushResult>(lifetime)
{
    protected override Task<PullRequestPushResult> ExecuteAsync(TaskActivityContext context, PullRequestPushInput input, CancellationToken cancellationToken)
    {
        return PullRequestPush.PushAsync(input, cancellationToken);
    }
}
