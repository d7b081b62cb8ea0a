using LoopFunctions.Loops.Deployment;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Tests.TestSupport;
using LoopFunctions.Loops.Tests.Workspace;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Tests.Deployment;

/// <summary>Deploying a verified commit to a local target (a folder the test serves over HTTP on 127.0.0.1), the
/// post-deploy checks with their evidence, and the rollback; every command is a real child process.</summary>
public sealed class DeployStepTests : IAsyncLifetime
{
    private readonly GitSandbox _git = new();
    private StaticSite _site = null!;
    private WorkspaceInfo _workspace = null!;
    private string _commit = "";

    public async Task InitializeAsync()
    {
        await _git.InitializeAsync();
        _site = await StaticSite.StartAsync(Path.Combine(_git.Root, "served"));
        _workspace = await _git.PrepareAsync();
        var tree = new RunFolder(_workspace.Path).Tree;
        GitSandbox.Write(tree, "site/index.html", "<h1>calc v2</h1>\n");
        Scripts.Write(Path.Combine(tree, "deploy.sh"), """
            mkdir -p "$1/previous" && cp "$1"/*.html "$1/previous/" 2>/dev/null
            cp site/index.html "$1/index.html" && echo "$LOOPFN_COMMIT" > "$1/version.html" && echo "deployed $LOOPFN_DEPLOY_URL"
            """);
        Scripts.Write(Path.Combine(tree, "rollback.sh"), "cp \"$1/previous/index.html\" \"$1/index.html\" && echo rolled back\n");
        _commit = (await GitSandbox.CommitTreeAsync(_workspace, "site v2", "1"))!;
        // What the agent left in its tree after the commit is not the commit: it must not be deployed.
        GitSandbox.Write(tree, "site/index.html", "<h1>uncommitted</h1>\n");
        await File.WriteAllTextAsync(Path.Combine(_site.Folder, "index.html"), "<h1>calc v1</h1>\n");
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await _git.DisposeAsync();
    }

    [Fact]
    public async Task DeployAsync_Command_DeploysTheCommitFromACleanCheckout()
    {
        var result = await DeployStep.DeployAsync(Input(), CancellationToken.None);

        Assert.True(result.Succeeded, result.Summary + result.Output);
        Assert.Equal($"deployed {_site.BaseUri}", result.Output);
        Assert.Equal("<h1>calc v2</h1>\n", await File.ReadAllTextAsync(Path.Combine(_site.Folder, "index.html")));
        Assert.Equal(_commit + "\n", await File.ReadAllTextAsync(Path.Combine(_site.Folder, "version.html")));
    }

    [Fact]
    public async Task RunAsync_HttpChecksAgainstTheDeployment_PassWithStatusLatencyEvidenceAndTheDeployedCommit()
    {
        await DeployStep.DeployAsync(Input(), CancellationToken.None);

        var outcomes = await DeployChecks.RunAsync(Input(Http("home", "{url}/", contains: "calc v2", maxLatency: TimeSpan.FromSeconds(30)), Http("version", "{url}/version.html", contains: "{commit}")), CancellationToken.None);

        Assert.True(outcomes[0].Passed, outcomes[0].Summary);
        Assert.Equal((200, "<h1>calc v2</h1>\n"), (outcomes[0].StatusCode, outcomes[0].Evidence));
        Assert.StartsWith($"home: GET {_site.BaseUri} -> 200 in ", outcomes[0].Summary, StringComparison.Ordinal);
        Assert.True(outcomes[1].Passed, outcomes[1].Summary);
        Assert.Equal(_commit + "\n", outcomes[1].Evidence);
    }

    [Fact]
    public async Task RunAsync_FailingChecks_EveryCheckRunsAndEachSaysWhy()
    {
        await DeployStep.DeployAsync(Input(), CancellationToken.None);

        var outcomes = await DeployChecks.RunAsync(Input(Http("missing", "{url}/health", retries: 1), Http("wrong text", "{url}/", contains: "calc v3"), Command("smoke", "sh", "-c", "curl -s \"$0\" >/dev/null 2>&1; echo smoke failed for $LOOPFN_DEPLOY_URL; exit 4", "{url}")), CancellationToken.None);

        Assert.All(outcomes, o => Assert.False(o.Passed));
        Assert.Equal((404, 2, "not deployed"), (outcomes[0].StatusCode, outcomes[0].Attempts, outcomes[0].Evidence));
        Assert.Contains("-> 404 in", outcomes[0].Summary, StringComparison.Ordinal);
        Assert.Contains("(expected 200)", outcomes[0].Summary, StringComparison.Ordinal);
        Assert.Contains("body lacks 'calc v3'", outcomes[1].Summary, StringComparison.Ordinal);
        Assert.Equal("smoke: failed (exit 4)", outcomes[2].Summary);
        Assert.Contains($"smoke failed for {_site.BaseUri}", outcomes[2].Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RollbackAsync_AfterADeployment_RunsTheRollbackInTheDeploymentsCheckout()
    {
        await DeployStep.DeployAsync(Input(), CancellationToken.None);

        var result = await DeployStep.RollbackAsync(Input(), CancellationToken.None);

        Assert.True(result.Succeeded, result.Output);
        Assert.Equal("<h1>calc v1</h1>\n", await File.ReadAllTextAsync(Path.Combine(_site.Folder, "index.html")));
    }

    [Fact]
    public async Task RunAsync_UrlWithASignature_ReportsItWithoutTheQuery()
    {
        var outcomes = await DeployChecks.RunAsync(Input(Http("signed", _site.BaseUri + "index.html?sv=2024&sig=SECRET")), CancellationToken.None);

        Assert.DoesNotContain("SECRET", outcomes[0].Summary, StringComparison.Ordinal);
        Assert.Contains("index.html?...", outcomes[0].Summary, StringComparison.Ordinal);
    }

    private DeployInput Input(params DeployCheckPlan[] checks)
    {
        var plan = new DeployPlan(DeployKind.Command, ["./deploy.sh", _site.Folder], null, checks, ["./rollback.sh", _site.Folder], false, TimeSpan.FromMinutes(1), []);
        return new DeployInput(_workspace, plan, _commit, _site.BaseUri.ToString());
    }

    private static DeployCheckPlan Http(string name, string url, string? contains = null, TimeSpan? maxLatency = null, int retries = 0) =>
        new(name, DeployCheckKind.Http, url, 200, contains, maxLatency, null, TimeSpan.FromSeconds(30), retries, TimeSpan.FromMilliseconds(10));

    private static DeployCheckPlan Command(string name, params string[] argv) =>
        new(name, DeployCheckKind.Command, null, 200, null, null, argv, TimeSpan.FromSeconds(30), 0, TimeSpan.Zero);
}
