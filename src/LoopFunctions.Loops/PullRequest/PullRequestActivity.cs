using System.Text.RegularExpressions;
using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Errors;
using LoopFunctions.Loops.GitHub;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;

namespace LoopFunctions.Loops.PullRequest;

/// <summary>Opens a pull request for the loop branch, or updates the open one: idempotent, so a retried step or a
/// second run of the loop on the same branch never opens a second pull request. Returns its URL.</summary>
public sealed partial class PullRequestActivity(IHostApplicationLifetime lifetime, GitHubClientFactory github) : LoopActivity<PullRequestInput, string>(lifetime)
{
    protected override async Task<string> ExecuteAsync(TaskActivityContext context, PullRequestInput input, CancellationToken cancellationToken)
    {
        var client = github.Create("outputs.pull_request");
        var url = (await Git.RunAsync(new RunFolder(input.Workspace.Path).GitCall("remote", "get-url", input.Remote), cancellationToken).ConfigureAwait(false)).Trim();
        var (owner, repo) = ParseRepository(url);
        return await PullRequests.OpenOrUpdateAsync(client, owner, repo, input.Workspace.Branch, input.BaseBranch, input.Title, input.Body).ConfigureAwait(false);
    }

    /// <summary>owner and repository from an https or ssh GitHub remote URL.</summary>
    /// <exception cref="LoopFunctionsException">The remote is not a GitHub repository URL.</exception>
    public static (string Owner, string Repo) ParseRepository(string remoteUrl)
    {
        ArgumentNullException.ThrowIfNull(remoteUrl);
        var match = RepositoryRegex().Match(remoteUrl);
        return match.Success
            ? (match.Groups["owner"].Value, match.Groups["repo"].Value)
            : throw new LoopFunctionsException($"the remote '{remoteUrl}' is not a GitHub repository URL (https://host/owner/repo or git@host:owner/repo), so no pull request can be opened.");
    }

    [GeneratedRegex(@"^(?:[a-z+]+://(?:[^@/]+@)?[^/]+/|[^@/]+@[^:/]+:)(?<owner>[A-Za-z0-9_.-]+)/(?<repo>[A-Za-z0-9_.-]+?)(?:\.git)?/?$")]
    private static partial Regex RepositoryRegex();
}
