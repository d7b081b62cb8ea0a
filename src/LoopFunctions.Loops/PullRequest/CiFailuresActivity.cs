using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.GitHub;
using LoopFunctions.Loops.Orchestration.Steps;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;

namespace LoopFunctions.Loops.PullRequest;

/// <summary>Summarises the failing CI jobs (check runs) of a commit, for the agent's feedback after a CI failure.</summary>
public sealed class CiFailuresActivity(IHostApplicationLifetime lifetime, GitHubClientFactory github) : LoopActivity<CiDetailsInput, string>(lifetime)
{
    protected override Task<string> ExecuteAsync(TaskActivityContext context, CiDetailsInput input, CancellationToken cancellationToken)
    {
        return PullRequests.CiFailuresAsync(github.Create("reading CI results"), input);
    }
}
