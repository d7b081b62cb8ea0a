using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Workspace;
using LoopFunctions.Triggers.Starting;
using Octokit.Webhooks;
using Octokit.Webhooks.Events;
using Octokit.Webhooks.Models;

namespace LoopFunctions.Triggers.Webhooks;

/// <summary>Maps a GitHub event to the loops whose <c>on.github</c> trigger matches it. Pure: no I/O, so every rule
/// is tested on payloads alone. The payload is read into Octokit.Webhooks' typed events (<see cref="GitHubPayload"/>).</summary>
/// <remarks>Instance ids are deterministic (<c>{loop}-pr-{owner}-{repo}-{number}</c> and similar) so that one pull
/// request or issue has at most one live run per loop, however many deliveries or hosts see it. Only authors whose
/// <c>author_association</c> is in the loop's <c>trusted_authors</c> can start a run from a pull request, an issue or a
/// comment: their text reaches an agent that can run commands.</remarks>
public static partial class GitHubEventRouter
{
    public static GitHubRouting Route(string eventName, JsonElement payload, IEnumerable<LoopDefinition> loops)
    {
        ArgumentNullException.ThrowIfNull(loops);
        var (webhook, unreadable) = GitHubPayload.Read(eventName, payload);
        var matches = new List<GitHubMatch>();
        var ignored = new List<string>();
        foreach (var loop in loops)
        {
            foreach (var trigger in loop.Triggers.Where(t => t.Kind == TriggerKind.GitHub && t.GitHubEvent == eventName))
            {
                var (reason, match) = webhook is null
                    ? (unreadable ?? $"event '{eventName}' cannot start loops", null)
                    : Match(webhook, loop, trigger);
                if (match is { Start.PullRequest: null } && loop.OnPullRequestHead)
                {
                    // A loop on a pull request's head has nothing to work on without one.
                    (match, reason) = (null, "it works on a pull request's head (workspace.branch: head), and this event names no pull request");
                }

                if (match is not null)
                {
                    matches.Add(match);
                    break;
                }

                ignored.Add($"{loop.Name}: {reason}");
            }
        }

        return new GitHubRouting(matches, ignored, webhook is null ? null : CiResult(webhook));
    }

    /// <returns>The match, or the reason the trigger does not match.</returns>
    private static (string? Reason, GitHubMatch? Match) Match(WebhookEvent webhook, LoopDefinition loop, TriggerSpec trigger)
    {
        var repo = webhook.Repository?.FullName ?? "unknown/unknown";
        return webhook switch
        {
            PullRequestEvent e => PullRequest(e, loop, trigger, repo),
            PushEvent e => Push(e, loop, trigger, repo),
            IssuesEvent e => Issue("issues", e.Action, e.Issue, null, loop, trigger, repo),
            IssueCommentEvent e => Issue("issue_comment", e.Action, e.Issue, e.Comment, loop, trigger, repo),
            CheckSuiteEvent e => Finished("check_suite", e.Action, e.CheckSuite?.Conclusion?.StringValue, e.CheckSuite?.HeadSha, e.CheckSuite?.HeadBranch, loop, trigger, repo),
            DeploymentStatusEvent e => Finished("deployment_status", e.Action, e.DeploymentStatus?.State?.StringValue, Id(e.Deployment?.Id ?? 0), null, loop, trigger, repo),
            _ => ($"event '{webhook.GetType().Name}' cannot start loops", null),
        };
    }

    private static (string?, GitHubMatch?) PullRequest(PullRequestEvent e, LoopDefinition loop, TriggerSpec trigger, string repo)
    {
        if (!ActionMatches(trigger, e.Action))
        {
            return ($"action '{e.Action}' is not one of {string.Join(", ", trigger.Actions!)}", null);
        }

        var pr = e.PullRequest;
        var baseRef = pr?.Base?.Ref ?? "";
        if (!BranchMatches(trigger, baseRef))
        {
            return ($"base branch '{baseRef}' does not match {string.Join(", ", trigger.Branches!)}", null);
        }

        if (Untrusted(loop, pr?.AuthorAssociation?.StringValue) is { } why)
        {
            return (why, null);
        }

        var number = Id(pr?.Number ?? 0);
        var start = new LoopStart(
            TriggerSource.GitHub("pull_request"),
            $"{loop.Name}-pr-{Safe(repo)}-{number}",
            Input: Input("pull_request", e.Action, repo, ("number", number), ("head", pr?.Head?.Ref), ("base", baseRef)),
            UntrustedContext: Context(("pull request title", pr?.Title), ("pull request body", pr?.Body)),
            PullRequest: number,
            GitHubRepository: repo);
        return (null, new GitHubMatch(loop, start.InstanceId!, start, e.Action == "synchronize", pr?.Head?.Sha));
    }

    private static (string?, GitHubMatch?) Push(PushEvent e, LoopDefinition loop, TriggerSpec trigger, string repo)
    {
        var reference = e.Ref ?? "";
        var branch = reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference["refs/heads/".Length..] : reference;
        if (!BranchMatches(trigger, branch))
        {
            return ($"branch '{branch}' does not match {string.Join(", ", trigger.Branches!)}", null);
        }

        var after = e.After ?? "0";
        var start = new LoopStart(
            TriggerSource.GitHub("push"),
            $"{loop.Name}-push-{Safe(repo)}-{after[..Math.Min(12, after.Length)]}",
            Input: Input("push", e.Action, repo, ("branch", branch), ("after", after)),
            UntrustedContext: Context(("commit message", e.HeadCommit?.Message)),
            GitHubRepository: repo);
        return (null, new GitHubMatch(loop, start.InstanceId!, start, false, after));
    }

    /// <summary>An issue event, or a comment on an issue or a pull request (GitHub sends both as issue comments).</summary>
    private static (string?, GitHubMatch?) Issue(string eventName, string? action, Issue? issue, IssueComment? comment, LoopDefinition loop, TriggerSpec trigger, string repo)
    {
        if (!ActionMatches(trigger, action ?? ""))
        {
            return ($"action '{action}' is not one of {string.Join(", ", trigger.Actions!)}", null);
        }

        var labels = (issue?.Labels ?? []).Select(l => l?.Name).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (trigger.Labels is { Count: > 0 } wanted && !wanted.All(labels.Contains))
        {
            return ($"the issue lacks label(s) {string.Join(", ", wanted.Where(w => !labels.Contains(w)))}", null);
        }

        var text = comment?.Body;
        if (eventName == "issue_comment" && trigger.Contains is { } needle && !(text ?? "").Contains(needle, StringComparison.OrdinalIgnoreCase))
        {
            return ($"the comment does not contain '{needle}'", null);
        }

        var author = eventName == "issue_comment" ? comment?.AuthorAssociation?.StringValue : issue?.AuthorAssociation?.StringValue;
        if (Untrusted(loop, author) is { } why)
        {
            return (why, null);
        }

        var number = Id(issue?.Number ?? 0);
        var onPullRequest = issue?.PullRequest is not null;
        var start = new LoopStart(
            TriggerSource.GitHub(eventName),
            onPullRequest ? $"{loop.Name}-pr-{Safe(repo)}-{number}" : $"{loop.Name}-issue-{Safe(repo)}-{number}",
            Input: Input(eventName, action, repo, ("number", number)),
            UntrustedContext: Context(("issue title", issue?.Title), ("issue body", issue?.Body), ("comment", text)),
            PullRequest: onPullRequest ? number : null,
            GitHubRepository: repo);
        return (null, new GitHubMatch(loop, start.InstanceId!, start, false, null));
    }

    /// <summary>A finished check suite (its conclusion) or a deployment status (its state).</summary>
    private static (string?, GitHubMatch?) Finished(string eventName, string? action, string? state, string? id, string? branch, LoopDefinition loop, TriggerSpec trigger, string repo)
    {
        if (eventName == "check_suite" && action != "completed")
        {
            return ($"check suite action '{action}' is not completed", null);
        }

        if (!ActionMatches(trigger, state))
        {
            return ($"'{state}' is not one of {string.Join(", ", trigger.Actions!)}", null);
        }

        var start = new LoopStart(
            TriggerSource.GitHub(eventName),
            $"{loop.Name}-{(eventName == "check_suite" ? "check" : "deploy")}-{Safe(repo)}-{(id ?? "0")[..Math.Min(12, (id ?? "0").Length)]}",
            Input: Input(eventName, action, repo, ("state", state), ("branch", branch), ("sha", id)),
            GitHubRepository: repo);
        return (null, new GitHubMatch(loop, start.InstanceId!, start, false, null));
    }

    /// <summary>A completed check suite or workflow run reports CI for its commit and branch: a loop waiting for that
    /// commit (or, when it names none, on that branch) gets a <c>ci</c> event.</summary>
    private static GitHubCiResult? CiResult(WebhookEvent webhook)
    {
        var (branch, conclusion, name, url, sha) = webhook switch
        {
            CheckSuiteEvent { Action: "completed" } e => (e.CheckSuite?.HeadBranch, e.CheckSuite?.Conclusion?.StringValue, e.CheckSuite?.App?.Name ?? "check suite", e.CheckSuite?.Url, e.CheckSuite?.HeadSha),
            WorkflowRunEvent { Action: "completed" } e => (e.WorkflowRun?.HeadBranch, e.WorkflowRun?.Conclusion?.StringValue, e.WorkflowRun?.Name ?? "workflow run", e.WorkflowRun?.HtmlUrl ?? e.WorkflowRun?.Url, e.WorkflowRun?.HeadSha),
            _ => default,
        };
        if (branch is null)
        {
            return null;
        }

        conclusion ??= "unknown";
        return new GitHubCiResult(branch, conclusion == "success", $"{name}: {conclusion}", url, sha);
    }

    private static string Id(long number) => number.ToString(CultureInfo.InvariantCulture);

    private static bool ActionMatches(TriggerSpec trigger, string? action) =>
        trigger.Actions is not { Count: > 0 } actions || (action is not null && actions.Contains(action, StringComparer.OrdinalIgnoreCase));

    private static bool BranchMatches(TriggerSpec trigger, string branch) =>
        trigger.Branches is not { Count: > 0 } branches || branches.Any(b => PathGlob.Parse(b).IsMatch(branch));

    private static string? Untrusted(LoopDefinition loop, string? association) =>
        association is not null && loop.TrustedAuthors.Contains(association, StringComparer.OrdinalIgnoreCase)
            ? null
            : $"author association '{association ?? "none"}' is not trusted (trusted_authors: {string.Join(", ", loop.TrustedAuthors)})";

    private static string Input(string eventName, string? action, string repo, params (string Key, string? Value)[] fields)
    {
        var input = new Dictionary<string, string?> { ["event"] = eventName, ["action"] = action, ["repository"] = repo };
        foreach (var (key, value) in fields)
        {
            input[key] = value;
        }

        return JsonSerializer.Serialize(input);
    }

    private static Dictionary<string, string> Context(params (string Source, string? Text)[] items) =>
        items.Where(i => !string.IsNullOrEmpty(i.Text)).ToDictionary(i => i.Source, i => i.Text!);

    /// <summary>Owner and repository names as an instance-id part: lower case, unsafe characters as '-'.</summary>
    private static string Safe(string text) => Unsafe().Replace(text.ToLowerInvariant(), "-");

    [GeneratedRegex("[^a-z0-9._-]+")]
    private static partial Regex Unsafe();
}
