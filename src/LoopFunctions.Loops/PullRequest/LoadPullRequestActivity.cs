using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.GitHub;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;

namespace LoopFunctions.Loops.PullRequest;

/// <summary>Reads the pull request a <c>workspace.branch: head</c> loop works on from the GitHub API: its head
/// repository, branch and commit, its base, and whether it comes from a fork. Recorded, so a replay sees the same.</summary>
public sealed class LoadPullRequestActivity(IHostApplicationLifetime lifetime, GitHubClientFactory github) : LoopActivity<PullRequestTarget, PullRequestInfo>(lifetime)
{
    protected override Task<PullRequestInfo> ExecuteAsync(TaskActivityContext context, PullRequestTarget input, CancellationToken cancellationToken)
    {
        return PullRequests.LoadAsync(github.Create("workspace.branch: head"), input);
    }
}
