using System.Text.Json;
using System.Text.RegularExpressions;
using LoopFunctions.Triggers.Starting;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Triggers.Webhooks;

/// <summary>Maps a GitHub event to the loops whose <c>on.github</c> trigger matches it. Pure: no I/O, so every rule
/// is tested on payloads alone.</summary>
/// <remarks>Instance ids are deterministic (<c>{loop}-pr-{owner}-{repo}-{number}</c> and similar) so that one pull
/// request or issue has at most one live run per loop, however many deliveries or hosts see it. Only authors whose
/// <c>author_association</c> is in the loop's <c>trusted_authors</c> can start a run from a pull request, an issue or a
/// comment: their text reaches an agent that can run commands.</remarks>
public static partial class GitHubEventRouter
{
    public static GitHubRouting Route(string eventName, JsonElement payload, IEnumerable<LoopDefinition> loops)
    {
        var matches = new List<GitHubMatch>();
        var ignored = new List<string>();
        var action = Text(payload, "action");
        var repo = Text(payload, "repository", "full_name") ?? "unknown/unknown";
        foreach (var loop in loops)
        {
            foreach (var trigger in loop.Triggers.Where(t => t.Kind == TriggerKind.GitHub && t.GitHubEvent == eventName))
            {
                var reason = Match(eventName, action, payload, loop, trigger, repo, out var match);
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

        return new GitHubRouting(matches, ignored, CiResult(eventName, action, payload));
    }

    private static string? Match(string eventName, string? action, JsonElement payload, LoopDefinition loop, TriggerSpec trigger, string repo, out GitHubMatch? match)
    {
        match = null;
        var repoPart = Safe(repo);
        switch (eventName)
        {
            case "pull_request":
            {
                if (!ActionMatches(trigger, action))
                {
                    return $"action '{action}' is not one of {string.Join(", ", trigger.Actions!)}";
                }

                var baseRef = Text(payload, "pull_request", "base", "ref") ?? "";
                if (!BranchMatches(trigger, baseRef))
                {
                    return $"base branch '{baseRef}' does not match {string.Join(", ", trigger.Branches!)}";
                }

                if (Untrusted(loop, Text(payload, "pull_request", "author_association")) is { } why)
                {
                    return why;
                }

                var number = Number(payload, "pull_request", "number");
                var start = new LoopStart(
                    "github:pull_request",
                    $"{loop.Name}-pr-{repoPart}-{number}",
                    Input: Input(eventName, action, repo, ("number", number), ("head", Text(payload, "pull_request", "head", "ref")), ("base", baseRef)),
                    UntrustedContext: Context(("pull request title", Text(payload, "pull_request", "title")), ("pull request body", Text(payload, "pull_request", "body"))),
                    PullRequest: number,
                    GitHubRepository: repo);
                match = new GitHubMatch(loop, start.InstanceId!, start, action == "synchronize", Text(payload, "pull_request", "head", "sha"));
                return null;
            }

            case "push":
            {
                var reference = Text(payload, "ref") ?? "";
                var branch = reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference["refs/heads/".Length..] : reference;
                if (!BranchMatches(trigger, branch))
                {
                    return $"branch '{branch}' does not match {string.Join(", ", trigger.Branches!)}";
                }

                var after = Text(payload, "after") ?? "0";
                var start = new LoopStart(
                    "github:push",
                    $"{loop.Name}-push-{repoPart}-{after[..Math.Min(12, after.Length)]}",
                    Input: Input(eventName, action, repo, ("branch", branch), ("after", after)),
                    UntrustedContext: Context(("commit message", Text(payload, "head_commit", "message"))),
                    GitHubRepository: repo);
                match = new GitHubMatch(loop, start.InstanceId!, start, false, after);
                return null;
            }

            case "issues":
            case "issue_comment":
            {
                if (!ActionMatches(trigger, action ?? ""))
                {
                    return $"action '{action}' is not one of {string.Join(", ", trigger.Actions!)}";
                }

                var labels = payload.TryGetProperty("issue", out var issue) && issue.TryGetProperty("labels", out var l) && l.ValueKind == JsonValueKind.Array
                    ? l.EnumerateArray().Select(x => Text(x, "name")).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase)
                    : [];
                if (trigger.Labels is { Count: > 0 } wanted && !wanted.All(labels.Contains))
                {
                    return $"the issue lacks label(s) {string.Join(", ", wanted.Where(w => !labels.Contains(w)))}";
                }

                var comment = Text(payload, "comment", "body");
                if (eventName == "issue_comment" && trigger.Contains is { } needle && !(comment ?? "").Contains(needle, StringComparison.OrdinalIgnoreCase))
                {
                    return $"the comment does not contain '{needle}'";
                }

                var author = eventName == "issue_comment" ? Text(payload, "comment", "author_association") : Text(payload, "issue", "author_association");
                if (Untrusted(loop, author) is { } why)
                {
                    return why;
                }

                var number = Number(payload, "issue", "number");
                var onPullRequest = payload.TryGetProperty("issue", out var i) && i.TryGetProperty("pull_request", out _);
                var start = new LoopStart(
                    "github:" + eventName,
                    onPullRequest ? $"{loop.Name}-pr-{repoPart}-{number}" : $"{loop.Name}-issue-{repoPart}-{number}",
                    Input: Input(eventName, action, repo, ("number", number)),
                    UntrustedContext: Context(("issue title", Text(payload, "issue", "title")), ("issue body", Text(payload, "issue", "body")), ("comment", comment)),
                    PullRequest: onPullRequest ? number : null,
                    GitHubRepository: repo);
                match = new GitHubMatch(loop, start.InstanceId!, start, false, null);
                return null;
            }

            case "check_suite":
            case "deployment_status":
            {
                var state = eventName == "check_suite" ? Text(payload, "check_suite", "conclusion") : Text(payload, "deployment_status", "state");
                if (eventName == "check_suite" && action != "completed")
                {
                    return $"check suite action '{action}' is not completed";
                }

                if (!ActionMatches(trigger, state))
                {
                    return $"'{state}' is not one of {string.Join(", ", trigger.Actions!)}";
                }

                var id = eventName == "check_suite" ? Text(payload, "check_suite", "head_sha") : Number(payload, "deployment", "id");
                var start = new LoopStart(
                    "github:" + eventName,
                    $"{loop.Name}-{(eventName == "check_suite" ? "check" : "deploy")}-{repoPart}-{(id ?? "0")[..Math.Min(12, (id ?? "0").Length)]}",
                    Input: Input(eventName, action, repo, ("state", state), ("branch", Text(payload, "check_suite", "head_branch")), ("sha", id)),
                    GitHubRepository: repo);
                match = new GitHubMatch(loop, start.InstanceId!, start, false, null);
                return null;
            }

            default:
                return $"event '{eventName}' cannot start loops";
        }
    }

    /// <summary>A completed check suite or workflow run reports CI for its commit and branch: a loop waiting for that
    /// commit (or, when it names none, on that branch) gets a <c>ci</c> event.</summary>
    private static GitHubCiResult? CiResult(string eventName, string? action, JsonElement payload)
    {
        var section = eventName switch { "check_suite" => "check_suite", "workflow_run" => "workflow_run", _ => null };
        if (section is null || action != "completed" || Text(payload, section, "head_branch") is not { } branch)
        {
            return null;
        }

        var conclusion = Text(payload, section, "conclusion") ?? "unknown";
        var name = Text(payload, section, "name") ?? Text(payload, section, "app", "name") ?? section.Replace('_', ' ');
        return new GitHubCiResult(branch, conclusion == "success", $"{name}: {conclusion}", Text(payload, section, "html_url") ?? Text(payload, section, "url"), Text(payload, section, "head_sha"));
    }

    private static bool ActionMatches(TriggerSpec trigger, string? action) =>
        trigger.Actions is not { Count: > 0 } actions || (action is not null && actions.Contains(action, StringComparer.OrdinalIgnoreCase));

    private static bool BranchMatches(TriggerSpec trigger, string branch) =>
        trigger.Branches is not { Count: > 0 } branches || branches.Any(b => PathGlob.Parse(b).IsMatch(branch));

    private static string? Untrusted(LoopDefinition loop, string? association) =>
        association is not null && loop.TrustedAuthors.Contains(association, StringComparer.OrdinalIgnoreCase)
            ? null
            : $"author association '{association ?? "none"}' is not trusted (trusted_authors: {string.Join(", ", loop.TrustedAuthors)})";

    private static string? Text(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => element.GetRawText(),
            _ => null,
        };
    }

    private static string Number(JsonElement element, params string[] path) => Text(element, path) ?? "0";

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
