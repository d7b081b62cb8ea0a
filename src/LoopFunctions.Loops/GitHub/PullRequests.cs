using System.Globalization;
using System.Text;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using Octokit;

namespace LoopFunctions.Loops.GitHub;

/// <summary>The loop's GitHub calls on pull requests, over Octokit: load one, open or update one, post the run's
/// review comment and commit status, and summarise the failing CI jobs of a commit.</summary>
public static class PullRequests
{
    /// <summary>Longest CI summary handed to the agent as feedback.</summary>
    public const int MaxCiSummaryChars = 6_000;

    /// <summary>Loads the pull request a loop works on.</summary>
    /// <exception cref="Errors.StepRejectedException">It does not exist or the token may not read it.</exception>
    /// <exception cref="GitHubException">GitHub failed in a way a retry may fix.</exception>
    public static async Task<PullRequestInfo> LoadAsync(IGitHubClient client, PullRequestTarget target)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(target);
        var pr = await GitHubCalls.RunAsync($"read pull request {target.Repository}#{target.Number}", () => client.PullRequest.Get(target.Owner, target.Name, target.Number)).ConfigureAwait(false);
        var baseRepo = pr.Base.Repository?.FullName ?? target.Repository;
        // A deleted fork leaves the head without a repository: nothing can be pushed there.
        var headRepo = pr.Head.Repository?.FullName ?? "";
        var isFork = !string.Equals(headRepo, baseRepo, StringComparison.OrdinalIgnoreCase);
        return new PullRequestInfo(
            target.Repository,
            pr.Number,
            pr.Title ?? "",
            pr.HtmlUrl ?? "",
            pr.State.StringValue,
            pr.Base.Ref,
            pr.Base.Sha,
            pr.Head.Ref,
            pr.Head.Sha,
            headRepo,
            pr.Head.Repository?.CloneUrl ?? "",
            isFork,
            pr.MaintainerCanModify ?? false);
    }

    /// <summary>Opens a pull request from <paramref name="head"/>, or updates the open one: idempotent.</summary>
    public static async Task<string> OpenOrUpdateAsync(IGitHubClient client, string owner, string repo, string head, string baseBranch, string title, string body)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            var created = await GitHubCalls.RunAsync("open a pull request", () => client.PullRequest.Create(owner, repo, new NewPullRequest(title, head, baseBranch) { Body = body })).ConfigureAwait(false);
            return created.HtmlUrl;
        }
        catch (Errors.StepRejectedException ex) when (ex.InnerException is ApiValidationException)
        {
            // 422: one is already open for this branch (an earlier run or a retry): update it instead.
        }

        var open = await GitHubCalls.RunAsync("find the open pull request", () => client.PullRequest.GetAllForRepository(owner, repo, new PullRequestRequest { State = ItemStateFilter.Open, Head = $"{owner}:{head}" })).ConfigureAwait(false);
        if (open.Count == 0)
        {
            throw new Errors.StepRejectedException($"GitHub refused to open a pull request from {head} into {baseBranch}, and none is open for that branch.");
        }

        var updated = await GitHubCalls.RunAsync("update the pull request", () => client.PullRequest.Update(owner, repo, open[0].Number, new PullRequestUpdate { Title = title, Body = body })).ConfigureAwait(false);
        return updated.HtmlUrl;
    }

    /// <summary>Posts the run's one review comment (unless a retry finds it by its marker) and sets the commit status.</summary>
    /// <returns>The review's URL.</returns>
    public static async Task<string> ReportAsync(IGitHubClient client, PullRequestReportInput input, string body)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(input);
        var target = new PullRequestTarget(input.Repository, input.Number);
        var reviews = await GitHubCalls.RunAsync("read the pull request's reviews", () => client.PullRequest.Review.GetAll(target.Owner, target.Name, target.Number)).ConfigureAwait(false);
        var review = reviews.FirstOrDefault(r => r.Body?.Contains(input.Marker, StringComparison.Ordinal) == true)
            ?? await GitHubCalls.RunAsync("post the review comment", () => client.PullRequest.Review.Create(target.Owner, target.Name, target.Number, new PullRequestReviewCreate
            {
                CommitId = input.Commit,
                Body = body,
                Event = PullRequestReviewEvent.Comment,
            })).ConfigureAwait(false);
        var state = input.State == "success" ? CommitState.Success : CommitState.Failure;
        var description = input.Description.Length > 140 ? input.Description[..137] + "..." : input.Description;
        await GitHubCalls.RunAsync("set the commit status", () => client.Repository.Status.Create(target.Owner, target.Name, input.Commit, new NewCommitStatus
        {
            State = state,
            Context = input.Context,
            Description = description,
            TargetUrl = string.IsNullOrEmpty(review.HtmlUrl) ? null : review.HtmlUrl,
        })).ConfigureAwait(false);
        return review.HtmlUrl ?? "";
    }

    /// <summary>The failing CI jobs (check runs) of a commit, each with its output's title and summary: the agent's
    /// feedback after a CI failure.</summary>
    public static async Task<string> CiFailuresAsync(IGitHubClient client, CiDetailsInput input)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(input);
        var target = new PullRequestTarget(input.Repository, 1);
        var runs = await GitHubCalls.RunAsync($"read the check runs of {input.Commit}", () => client.Check.Run.GetAllForReference(target.Owner, target.Name, input.Commit)).ConfigureAwait(false);
        var failed = runs.CheckRuns
            .Where(r => r.Conclusion is { } c && c.StringValue is not ("success" or "neutral" or "skipped"))
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        if (failed.Count == 0)
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var run in failed)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {run.Name}: {run.Conclusion!.Value.StringValue}");
            if (run.Output is { } output)
            {
                foreach (var part in new[] { output.Title, output.Summary, output.Text }.Where(p => !string.IsNullOrWhiteSpace(p)))
                {
                    text.Append("\n  ").Append(part!.Trim().ReplaceLineEndings("\n  "));
                }
            }

            text.Append('\n');
        }

        var summary = text.ToString().TrimEnd();
        return summary.Length > MaxCiSummaryChars ? summary[..MaxCiSummaryChars] + "\n[... cut ...]" : summary;
    }
}
