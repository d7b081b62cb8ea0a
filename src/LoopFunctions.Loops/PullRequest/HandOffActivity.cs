using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;

namespace LoopFunctions.Loops.PullRequest;

/// <summary>Pushes verified work that cannot go to the pull request's head to a follow-up branch of the loop's
/// repository (see <see cref="PullRequestPush.HandOffAsync"/>).</summary>
public sealed class HandOffActivity(IHostApplicationLifetime lifetime) : LoopActivity<HandOffInput, string>(lifetime)
{
    protected override Task<string> ExecuteAsync(TaskActivityContext context, HandOffInput input, CancellationToken cancellationToken)
    {
        return PullRequestPush.HandOffAsync(input, cancellationToken);
    }
}
