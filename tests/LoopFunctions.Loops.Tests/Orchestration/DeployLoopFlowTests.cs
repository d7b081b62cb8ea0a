using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Tests.TestSupport;
using LoopFunctions.Loops.Tests.Workspace;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary>
/// <c>outputs.deploy</c> from start to end with the real activities: a command agent builds a page, the checks verify
/// it, the deployment command copies the verified commit's page into a folder the test serves over HTTP on
/// 127.0.0.1, the post-deploy checks read it back, and a failing check runs the rollback.
/// </summary>
public sealed class DeployLoopFlowTests : IAsyncLifetime
{
    private readonly GitSandbox _git = new();
    private StaticSite _site = null!;
    private string _loops = "";

    public async Task InitializeAsync()
    {
        await _git.InitializeAsync();
        _site = await StaticSite.StartAsync(Path.Combine(_git.Root, "served"));
        await File.WriteAllTextAsync(Path.Combine(_site.Folder, "index.html"), "<h1>calc v1</h1>\n");
        _loops = Directory.CreateDirectory(Path.Combine(_git.Root, "loops")).FullName;
        Scripts.Write(Path.Combine(_loops, "agent.sh"), "mkdir -p site && echo '<h1>calc v2</h1>' > site/index.html\necho 'built the page'\n");
        Scripts.Write(Path.Combine(_loops, "deploy.sh"), "mkdir -p \"$1/previous\" && cp \"$1/index.html\" \"$1/previous/\"\ncp site/index.html \"$1/index.html\" && echo \"$LOOPFN_COMMIT\" > \"$1/version.html\"\n");
        Scripts.Write(Path.Combine(_loops, "check.sh"), "grep -q calc site/index.html\n");
        Scripts.Write(Path.Combine(_loops, "rollback.sh"), "cp \"$1/previous/index.html\" \"$1/index.html\"\n");
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await _git.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_ApprovedAndChecksPass_DeploysTheVerifiedCommit()
    {
        using var context = Context(approve: true, contains: "calc v2");
        context.OnWait = name => context.Raise(name, new ApprovalDecision(true, "ship it", "ana"));

        var result = await context.RunAsync(Request());

        Assert.Equal(LoopOutcome.Verified, result.Outcome);
        Assert.True(result.Deployment!.Succeeded);
        Assert.Equal("<h1>calc v2</h1>\n", await File.ReadAllTextAsync(Path.Combine(_site.Folder, "index.html")));
        Assert.Equal(result.FinalCommit + "\n", await File.ReadAllTextAsync(Path.Combine(_site.Folder, "version.html")));
        Assert.All(result.Deployment.Checks, c => Assert.True(c.Passed, c.Summary));
        Assert.EndsWith($"; deployed to {_site.BaseUri}", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ApprovalRejected_ShowsThePlanAndNeverDeploys()
    {
        using var context = Context(approve: true, contains: "calc v2");
        DeploymentPreview? shown = null;
        context.OnWait = name =>
        {
            shown = context.Statuses[^1].Deployment;
            context.Raise(name, new ApprovalDecision(false, "not during the freeze", "ana"));
        };

        var result = await context.RunAsync(Request());

        Assert.Equal(LoopOutcome.Rejected, result.Outcome);
        Assert.Equal("Verified, but the deployment was rejected by ana: not during the freeze.", result.Reason);
        Assert.Equal(LoopPhase.AwaitingApproval, context.Statuses.Single(s => s.Deployment is not null).Phase);
        Assert.Equal((result.FinalCommit, _site.BaseUri.ToString(), "rollback.sh"), (shown!.Commit, shown.Where, Path.GetFileName(shown.Rollback!.Split(' ')[1])));
        Assert.StartsWith("sh ", shown.What, StringComparison.Ordinal);
        Assert.DoesNotContain(LoopActivityNames.Deploy, context.Calls);
        Assert.Equal("<h1>calc v1</h1>\n", await File.ReadAllTextAsync(Path.Combine(_site.Folder, "index.html")));
    }

    [Fact]
    public async Task RunAsync_PostDeployCheckFails_RollsBackAndEndsDeployFailedWithTheEvidence()
    {
        using var context = Context(approve: false, contains: "calc v3");

        var result = await context.RunAsync(Request());

        Assert.Equal(LoopOutcome.DeployFailed, result.Outcome);
        var deployment = result.Deployment!;
        Assert.True(deployment.Deploy.Succeeded);
        Assert.Equal([false, true], deployment.Checks.Select(c => c.Passed));
        Assert.Equal("<h1>calc v2</h1>\n", deployment.Checks[0].Evidence);
        Assert.True(deployment.Rollback!.Succeeded);
        Assert.Contains("body lacks 'calc v3'", result.Reason, StringComparison.Ordinal);
        Assert.Contains("rollback: 'sh", result.Reason, StringComparison.Ordinal);
        Assert.Equal([LoopActivityNames.Deploy, LoopActivityNames.CheckDeployment, LoopActivityNames.RollbackDeployment], context.Calls.TakeLast(3));
        Assert.Equal("<h1>calc v1</h1>\n", await File.ReadAllTextAsync(Path.Combine(_site.Folder, "index.html")));
    }

    private InlineOrchestrationContext Context(bool approve, string contains)
    {
        File.WriteAllText(Path.Combine(_loops, "ship.md"), $"""
            ---
            workspace:
              repository: {_git.Remote}
            agent:
              kind: command
              command: [sh, "{"{loop_dir}"}/agent.sh"]
              sandbox: none
            verify:
              - command: [sh, "{"{loop_dir}"}/check.sh"]
            {(approve ? "governance:\n  approve: [deploy]" : "")}
            outputs:
              deploy:
                command: [sh, "{"{loop_dir}"}/deploy.sh", "{_site.Folder}"]
                url: "{_site.BaseUri}"
                checks:
                  - name: home
                    http: "{"{url}"}/"
                    contains: "{contains}"
                  - name: version
                    http: "{"{url}"}/version.html"
                    contains: "{"{commit}"}"
                rollback: [sh, "{"{loop_dir}"}/rollback.sh", "{_site.Folder}"]
            ---
            Build the page.
            """);
        return new InlineOrchestrationContext("ship-1", o => o.WorkRoot = _git.WorkRoot);
    }

    private LoopRunRequest Request() => new("ship", Path.Combine(_loops, "ship.md"));
}
