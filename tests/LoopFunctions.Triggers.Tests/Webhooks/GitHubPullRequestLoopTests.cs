using System.Text.Json;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Triggers.Starting;
using LoopFunctions.Triggers.Tests.TestSupport;
using LoopFunctions.Triggers.Webhooks;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoopFunctions.Triggers.Tests.Webhooks;

/// <summary>Deliveries for pull-request loops: the run knows its repository, a loop's own push to the head is not taken
/// for a person's (no restart, no new run), and a CI result goes to the run waiting for that very commit.</summary>
public sealed class GitHubPullRequestLoopTests : IDisposable
{
    private const string Id = "review-pr-octo-calc-7";
    private readonly LoopFolderFixture _loops = new();
    private readonly FakeClient _client = new();

    public GitHubPullRequestLoopTests() =>
        _loops.Write("review", "on:\n  github:\n    pull_request: [opened, synchronize]", "governance:\n  on_push: restart\n");

    public void Dispose() => _loops.Dispose();

    [Fact]
    public async Task HandleAsync_PullRequestOpened_TheRunKnowsItsRepository()
    {
        await HandleAsync("pull_request", PullRequest("opened", "abc"));

        var request = Assert.IsType<LoopRunInput>(Assert.Single(_client.Starts).Input);
        Assert.Equal(("7", "Octo/Calc"), (request.PullRequest, request.GitHubRepository));
    }

    [Fact]
    public async Task HandleAsync_SynchronizeFromTheLiveLoopsOwnPush_IgnoredNotRestarted()
    {
        Seed(OrchestrationRuntimeStatus.Running, status: Status(pushed: "abc"));

        var report = await HandleAsync("pull_request", PullRequest("synchronize", "abc"));

        Assert.Empty(_client.Starts);
        Assert.Empty(_client.Raised);
        Assert.Contains("abc was pushed by review-pr-octo-calc-7 itself", Assert.Single(report.Ignored), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_SynchronizeFromTheEndedLoopsLastPush_NoNewRun()
    {
        Seed(OrchestrationRuntimeStatus.Completed, output: Result(pushed: "abc"));

        await HandleAsync("pull_request", PullRequest("synchronize", "abc"));

        Assert.Empty(_client.Starts);
    }

    [Fact]
    public async Task HandleAsync_SynchronizeFromAFailedLoopsLastPush_NoNewRun()
    {
        // A Failed orchestration has no result; its last custom status still names the commit it pushed.
        Seed(OrchestrationRuntimeStatus.Failed, status: Status(pushed: "abc"));

        await HandleAsync("pull_request", PullRequest("synchronize", "abc"));

        Assert.Empty(_client.Starts);
    }

    [Fact]
    public async Task HandleAsync_APersonPushesAfterTheLoopEnded_NewRunOnTheNewHead()
    {
        Seed(OrchestrationRuntimeStatus.Completed, output: Result(pushed: "abc"));

        await HandleAsync("pull_request", PullRequest("synchronize", "def"));

        Assert.Equal(Id, Assert.Single(_client.Starts).InstanceId);
    }

    [Fact]
    public async Task HandleAsync_CheckSuiteCompleted_CiGoesToTheRunWaitingForThatCommit()
    {
        Seed(OrchestrationRuntimeStatus.Running, status: Status(awaiting: "abc") with { Phase = LoopPhase.AwaitingCi });
        _client.Seed(new OrchestrationMetadata(LoopActivityNames.Orchestrator, "other-run")
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Running,
            DataConverter = JsonDataConverter.Default,
            SerializedCustomStatus = JsonSerializer.Serialize(Status(awaiting: "999") with { Phase = LoopPhase.AwaitingCi }),
        });

        await HandleAsync("check_suite", CheckSuite("abc", "failure"));

        var raised = Assert.Single(_client.Raised);
        Assert.Equal((Id, LoopActivityNames.CiEvent), (raised.InstanceId, raised.Name));
        Assert.Equal(new CiResult(false, "CI: failure", "https://ci.example/1", "abc"), raised.Payload);
    }

    [Fact]
    public void Route_CommentOnAnIssueForAHeadLoop_IgnoredForNamingNoPullRequest()
    {
        var loop = _loops.Write("fixer", "on:\n  github:\n    issue_comment: { contains: /loop fix }", "");
        File.WriteAllText(loop.SourcePath, File.ReadAllText(loop.SourcePath).Replace("  repository: /tmp/repo\n", "  repository: /tmp/repo\n  branch: head\n", StringComparison.Ordinal));
        var payload = new { action = "created", issue = new { number = 3, title = "t", author_association = "OWNER" }, comment = new { body = "/loop fix", author_association = "OWNER" }, repository = new { full_name = "o/r" } };

        var routing = GitHubEventRouter.Route("issue_comment", JsonSerializer.SerializeToElement(payload), [Loops.Definitions.LoopCatalog.Parse(new Loops.Definitions.LoopFile(loop.SourcePath, File.ReadAllText(loop.SourcePath)))]);

        Assert.Empty(routing.Matches);
        Assert.Contains("names no pull request", Assert.Single(routing.Ignored), StringComparison.Ordinal);
    }

    private void Seed(OrchestrationRuntimeStatus runtimeStatus, LoopStatus? status = null, LoopResult? output = null) =>
        _client.Seed(new OrchestrationMetadata(LoopActivityNames.Orchestrator, Id)
        {
            RuntimeStatus = runtimeStatus,
            DataConverter = JsonDataConverter.Default,
            SerializedCustomStatus = status is null ? null : JsonSerializer.Serialize(status),
            SerializedOutput = output is null ? null : JsonSerializer.Serialize(output),
        });

    private static LoopStatus Status(string? pushed = null, string? awaiting = null) =>
        new("review", 2, LoopPhase.Agent, null, TokenSpend.Zero, new BudgetLeft(3, null, null, null), "feature") { PushedCommit = pushed, AwaitingCommit = awaiting };

    private static LoopResult Result(string pushed) =>
        new("review", LoopOutcome.Verified, "done", [], TokenSpend.Zero, "feature", pushed, PushedTo: "origin/feature") { PushedCommit = pushed };

    private async Task<WebhookReport> HandleAsync(string eventName, object payload)
    {
        var launcher = new LoopLauncher(_client.Object, TimeProvider.System, NullLogger<LoopLauncher>.Instance);
        var handler = new GitHubDeliveryHandler(_client.Object, launcher, NullLogger<GitHubDeliveryHandler>.Instance);
        var routing = GitHubEventRouter.Route(eventName, JsonSerializer.SerializeToElement(payload), _loops.Loops.Current.Loops.Values);
        return await handler.HandleAsync("d-1", routing, default);
    }

    private static object PullRequest(string action, string sha) => new
    {
        action,
        pull_request = new { number = 7, title = "Calc", author_association = "MEMBER", @base = new { @ref = "main" }, head = new { @ref = "feature", sha } },
        repository = new { full_name = "Octo/Calc" },
    };

    private static object CheckSuite(string sha, string conclusion) => new
    {
        action = "completed",
        check_suite = new { head_branch = "feature", head_sha = sha, conclusion, app = new { name = "CI" }, url = "https://ci.example/1" },
        repository = new { full_name = "Octo/Calc" },
    };
}
