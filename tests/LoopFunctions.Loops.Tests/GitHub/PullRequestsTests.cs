using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Errors;
using LoopFunctions.Loops.GitHub;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops.Tests.GitHub;

/// <summary>The loop's GitHub calls through Octokit against the stand-in over real HTTP.</summary>
public sealed class PullRequestsTests : IAsyncLifetime
{
    private GitHubStandIn _github = null!;

    public async Task InitializeAsync() => _github = await GitHubStandIn.StartAsync();

    public async Task DisposeAsync() => await _github.DisposeAsync();

    [Fact]
    public async Task LoadAsync_PullRequestOfTheSameRepository_HeadAndBaseWithTheConfiguredToken()
    {
        _github.AddPullRequest("acme/calc", 12, "feature/add", "abc123", "main", "def456", "/srv/calc.git");

        var pr = await PullRequests.LoadAsync(Client(), new PullRequestTarget("acme/calc", 12));

        Assert.Equal(("feature/add", "abc123", "main", "def456", false, true), (pr.HeadBranch, pr.HeadSha, pr.BaseBranch, pr.BaseSha, pr.IsFork, pr.HeadIsWritable));
        var call = Assert.Single(_github.Calls);
        Assert.Equal(("GET", "/api/v3/repos/acme/calc/pulls/12", "Token t0ken"), (call.Method, call.Path, call.Authorization));
    }

    [Fact]
    public async Task LoadAsync_ForkWhoseAuthorDoesNotAllowMaintainers_NotWritable()
    {
        _github.AddPullRequest("acme/calc", 13, "patch-1", "abc123", "main", "def456", "/srv/calc.git", headRepository: "mallory/calc", headCloneUrl: "/srv/fork.git");

        var pr = await PullRequests.LoadAsync(Client(), new PullRequestTarget("acme/calc", 13));

        Assert.Equal((true, false, "mallory/calc", "/srv/fork.git"), (pr.IsFork, pr.HeadIsWritable, pr.HeadRepository, pr.HeadCloneUrl));
    }

    [Fact]
    public async Task LoadAsync_UnknownPullRequest_RejectedWithoutRetry()
    {
        var error = await Assert.ThrowsAsync<StepRejectedException>(() => PullRequests.LoadAsync(Client(), new PullRequestTarget("acme/calc", 99)));

        Assert.Contains("HTTP 404", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportAsync_RetriedStep_PostsOneReviewAndSetsTheStatusEachTime()
    {
        var input = new PullRequestReportInput("acme/calc", 12, "body", "<!-- loopfunctions:run-1:abc -->", "abc123", "success", "loopfunctions/fix", "Verified");

        var first = await PullRequests.ReportAsync(Client(), input, "Found 2.\n<!-- loopfunctions:run-1:abc -->");
        var second = await PullRequests.ReportAsync(Client(), input, "Found 2.\n<!-- loopfunctions:run-1:abc -->");

        Assert.Equal(first, second);
        var review = Assert.Single(_github.Reviews(12));
        Assert.Equal(("COMMENTED", "abc123"), ((string)review["state"]!, (string)review["commit_id"]!));
        Assert.Equal("COMMENT", _github.Bodies("POST", "/pulls/12/reviews").Single().GetProperty("event").GetString());
        var statuses = _github.Bodies("POST", "/statuses/abc123");
        Assert.Equal(2, statuses.Count);
        Assert.Equal(("success", "loopfunctions/fix"), (statuses[0].GetProperty("state").GetString(), statuses[0].GetProperty("context").GetString()));
    }

    [Fact]
    public async Task ReportAsync_TokenMayNotWrite_RejectedNamingTheRefusal()
    {
        _github.RefuseWrites = true;
        var input = new PullRequestReportInput("acme/calc", 12, "body", "<!-- m -->", "abc123", "failure", "loopfunctions/fix", "Stalled");

        var error = await Assert.ThrowsAsync<StepRejectedException>(() => PullRequests.ReportAsync(Client(), input, "body <!-- m -->"));

        Assert.Contains("HTTP 403", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("t0ken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CiFailuresAsync_FailedAndPassedJobs_OnlyTheFailedWithTheirOutput()
    {
        _github.SetCheckRuns("abc123", ("build", "success", "ok", "built"), ("unit tests", "failure", "2 tests failed", "CalcTests.Add: expected 4, got 0"), ("lint", "cancelled", "", ""));

        var summary = await PullRequests.CiFailuresAsync(Client(), new CiDetailsInput("acme/calc", "abc123"));

        Assert.Equal("- lint: cancelled\n- unit tests: failure\n  2 tests failed\n  CalcTests.Add: expected 4, got 0", summary);
    }

    [Fact]
    public async Task OpenOrUpdateAsync_OneAlreadyOpen_UpdatesItInsteadOfOpeningAnother()
    {
        var first = await PullRequests.OpenOrUpdateAsync(Client(), "acme", "calc", "loop/x", "main", "Fix add", "body");
        var second = await PullRequests.OpenOrUpdateAsync(Client(), "acme", "calc", "loop/x", "main", "Fix add again", "body");

        Assert.Equal(first, second);
        Assert.Equal(["POST /api/v3/repos/acme/calc/pulls", "POST /api/v3/repos/acme/calc/pulls", "GET /api/v3/repos/acme/calc/pulls", "PATCH /api/v3/repos/acme/calc/pulls/7"], _github.Calls.Select(c => $"{c.Method} {c.Path}"));
    }

    [Fact]
    public void Create_NoTokenConfigured_RejectedNamingTheSetting()
    {
        var factory = new GitHubClientFactory(Options.Create(new LoopRunnerOptions { GitHubApiUrl = _github.BaseUri, GitHubTokenSetting = "LOOPFN_TEST_NO_SUCH_TOKEN" }));

        var error = Assert.Throws<StepRejectedException>(() => factory.Create("the pull-request report"));

        Assert.Contains("LoopFunctions:GitHub:Token", error.Message, StringComparison.Ordinal);
    }

    private Octokit.IGitHubClient Client() =>
        new GitHubClientFactory(Options.Create(new LoopRunnerOptions { GitHubApiUrl = _github.BaseUri, GitHubToken = "t0ken" })).Create("tests");
}
