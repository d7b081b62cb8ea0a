using System.Text.Json;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Triggers.Webhooks;

namespace LoopFunctions.Triggers.Tests.Webhooks;

/// <summary>The event-to-loop rules on payloads alone.</summary>
public sealed class GitHubEventRouterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("loopfn-router-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Route_PushToMatchingBranch_StartsWithCommitId()
    {
        var loop = Loop("on:\n  github:\n    push: { branches: [main, release/*] }");
        var routing = Route("push", new { @ref = "refs/heads/release/2.0", after = "0123456789abcdef0123", repository = new { full_name = "Octo/Calc" }, head_commit = new { message = "bump" } }, loop);
        var match = Assert.Single(routing.Matches);
        Assert.Equal("nightly-push-octo-calc-0123456789ab", match.InstanceId);
        Assert.Equal("bump", match.Start.UntrustedContext!["commit message"]);

        var other = Route("push", new { @ref = "refs/heads/feature/x", after = "1", repository = new { full_name = "o/r" } }, loop);
        Assert.Empty(other.Matches);
        Assert.Contains("does not match", Assert.Single(other.Ignored), StringComparison.Ordinal);
    }

    [Fact]
    public void Route_IssueWithoutRequiredLabel_IsIgnored()
    {
        var loop = Loop("on:\n  github:\n    issues: { types: [opened, labeled], labels: [loop] }");
        var unlabeled = Route("issues", new { action = "opened", issue = new { number = 4, author_association = "OWNER", labels = new[] { new { name = "bug" } } }, repository = new { full_name = "o/r" } }, loop);
        Assert.Empty(unlabeled.Matches);
        Assert.Contains("lacks label(s) loop", Assert.Single(unlabeled.Ignored), StringComparison.Ordinal);

        var labeled = Route("issues", new { action = "labeled", issue = new { number = 4, title = "t", author_association = "OWNER", labels = new[] { new { name = "Loop" } } }, repository = new { full_name = "o/r" } }, loop);
        Assert.Equal("nightly-issue-o-r-4", Assert.Single(labeled.Matches).InstanceId);
    }

    [Fact]
    public void Route_PullRequestFromUntrustedAuthor_IsIgnored()
    {
        var loop = Loop("on:\n  github:\n    pull_request: [opened]");
        var routing = Route("pull_request", new { action = "opened", pull_request = new { number = 1, author_association = "FIRST_TIME_CONTRIBUTOR", @base = new { @ref = "main" } }, repository = new { full_name = "o/r" } }, loop);
        Assert.Empty(routing.Matches);
        Assert.Contains("FIRST_TIME_CONTRIBUTOR", Assert.Single(routing.Ignored), StringComparison.Ordinal);
    }

    [Fact]
    public void Route_CheckSuiteCompleted_ReportsCiForItsBranch()
    {
        var loop = Loop("on:\n  github:\n    check_suite: [failure]");
        var failed = Route("check_suite", new { action = "completed", check_suite = new { conclusion = "failure", head_branch = "loop/x/1", head_sha = "feedbeefcafe1234", app = new { name = "Actions" } }, repository = new { full_name = "o/r" } }, loop);
        Assert.Equal(new GitHubCiResult("loop/x/1", false, "Actions: failure", null, "feedbeefcafe1234"), failed.Ci);
        Assert.Equal("nightly-check-o-r-feedbeefcafe", Assert.Single(failed.Matches).InstanceId);

        var passed = Route("check_suite", new { action = "completed", check_suite = new { conclusion = "success", head_branch = "loop/x/1" }, repository = new { full_name = "o/r" } }, loop);
        Assert.True(passed.Ci!.Passed);
        Assert.Empty(passed.Matches);
    }

    [Fact]
    public void Route_CommentOnPullRequest_SharesThePullRequestRunId()
    {
        var loop = Loop("on:\n  github:\n    issue_comment: { contains: /fix }");
        var routing = Route("issue_comment", new { action = "created", issue = new { number = 9, pull_request = new { url = "u" } }, comment = new { body = "please /fix this", author_association = "COLLABORATOR" }, repository = new { full_name = "o/r" } }, loop);
        var match = Assert.Single(routing.Matches);
        Assert.Equal("nightly-pr-o-r-9", match.InstanceId);
        Assert.Equal("9", match.Start.PullRequest);
    }

    [Fact]
    public void Route_DeploymentStatus_StartsWithDeploymentId()
    {
        var loop = Loop("on:\n  github:\n    deployment_status: [failure]");
        var routing = Route("deployment_status", new { action = "created", deployment_status = new { state = "failure" }, deployment = new { id = 12345678901234 }, repository = new { full_name = "o/r" } }, loop);

        Assert.Equal("nightly-deploy-o-r-123456789012", Assert.Single(routing.Matches).InstanceId);
    }

    [Fact]
    public void Route_WorkflowRunCompleted_ReportsCiWithItsPage()
    {
        var routing = Route("workflow_run", new { action = "completed", workflow_run = new { name = "CI", conclusion = "success", head_branch = "loop/x/1", head_sha = "cafe", html_url = "https://ci.example/run/1", url = "https://api.example/run/1" }, repository = new { full_name = "o/r" } }, Loop("on: manual"));

        Assert.Equal(new GitHubCiResult("loop/x/1", true, "CI: success", "https://ci.example/run/1", "cafe"), routing.Ci);
    }

    [Fact]
    public void Route_ActionTheEventModelDoesNotKnow_IgnoredWithTheReason()
    {
        var loop = Loop("on:\n  github:\n    pull_request: []");
        var routing = Route("pull_request", new { action = "not_an_action", pull_request = new { number = 1, author_association = "OWNER" }, repository = new { full_name = "o/r" } }, loop);

        Assert.Empty(routing.Matches);
        Assert.Contains("the pull_request payload cannot be read", Assert.Single(routing.Ignored), StringComparison.Ordinal);
    }

    [Fact]
    public void Route_NumberSentAsText_ReadAsTheNumber()
    {
        var loop = Loop("on:\n  github:\n    pull_request: [opened]");
        var routing = Route("pull_request", new { action = "opened", pull_request = new { number = "8", author_association = "MEMBER" }, repository = new { full_name = "o/r" } }, loop);

        Assert.Equal("nightly-pr-o-r-8", Assert.Single(routing.Matches).InstanceId);
    }

    private static GitHubRouting Route(string eventName, object payload, LoopDefinition loop) =>
        GitHubEventRouter.Route(eventName, JsonSerializer.SerializeToElement(payload), [loop]);

    private LoopDefinition Loop(string trigger)
    {
        var path = Path.Combine(_folder, "nightly.md");
        File.WriteAllText(path, $"---\n{trigger}\nworkspace:\n  repository: /tmp/repo\nagent:\n  kind: command\n  command: [echo]\nverify:\n  - name: t\n    command: [\"true\"]\n---\ngoal\n");
        return LoopCatalog.Parse(new LoopFile(path, File.ReadAllText(path)));
    }
}
