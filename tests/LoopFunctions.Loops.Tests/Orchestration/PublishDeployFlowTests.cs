using System.Net;
using LoopFunctions.DurableTask.Tests.TestSupport;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Tests.TestSupport;
using LoopFunctions.Loops.Tests.Workspace;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary>
/// The built-in deployment (<c>deploy.publish: true</c>) to Azurite over real HTTP with a private link: the link is
/// kept out of the run's record when the loop does not share it there, the post-deploy check signs it inside its
/// step, and a failing check withdraws what was published.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PublishDeployFlowTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly HttpClient Http = new();
    private readonly GitSandbox _git = new();
    private readonly string _container = "site-" + Guid.NewGuid().ToString("N")[..12];
    private string _loops = "";

    public async Task InitializeAsync()
    {
        await _git.InitializeAsync();
        _loops = Directory.CreateDirectory(Path.Combine(_git.Root, "loops")).FullName;
        Scripts.Write(Path.Combine(_loops, "agent.sh"), "mkdir -p site && echo '<h1>calc v2</h1>' > site/index.html\n");
        Scripts.Write(Path.Combine(_loops, "check.sh"), "grep -q calc site/index.html\n");
    }

    public Task DisposeAsync() => _git.DisposeAsync();

    [Fact]
    public async Task RunAsync_PrivateSiteChecksPass_DeployedAndTheRunRecordsNoSignature()
    {
        using var context = Context(contains: "calc v2");

        var result = await context.RunAsync(Request());

        Assert.Equal(LoopOutcome.Verified, result.Outcome);
        Assert.True(result.Deployment!.Succeeded, result.Deployment.Checks[0].Summary);
        Assert.DoesNotContain("sig=", result.PublishedUrl, StringComparison.Ordinal);
        using var unsigned = await Http.GetAsync(new Uri(result.PublishedUrl!));
        Assert.NotEqual(HttpStatusCode.OK, unsigned.StatusCode);
        Assert.Contains("published 1 new or changed file(s)", result.Deployment.Deploy.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PostDeployCheckFails_WithdrawsThePublishedFiles()
    {
        using var context = Context(contains: "calc v3");

        var result = await context.RunAsync(Request());

        Assert.Equal(LoopOutcome.DeployFailed, result.Outcome);
        Assert.Equal(200, result.Deployment!.Checks[0].StatusCode);
        Assert.Contains("body lacks 'calc v3'", result.Deployment.Checks[0].Summary, StringComparison.Ordinal);
        Assert.StartsWith("rollback: withdrew 2 blob(s)", result.Deployment.Rollback!.Summary, StringComparison.Ordinal);
        var container = new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(_container);
        var left = new List<string>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            left.Add(blob.Name);
        }

        Assert.Empty(left);
    }

    private InlineOrchestrationContext Context(string contains)
    {
        File.WriteAllText(Path.Combine(_loops, "site.md"), $"""
            ---
            workspace:
              repository: {_git.Remote}
            agent:
              kind: command
              command: [sh, "{"{loop_dir}"}/agent.sh"]
              sandbox: none
            verify:
              - command: [sh, "{"{loop_dir}"}/check.sh"]
            outputs:
              publish:
                folder: site
                container: {_container}
                visibility: private
                share: [pull_request]
              deploy:
                publish: true
                checks:
                  - name: page
                    http: "{"{url}"}"
                    contains: "{contains}"
                rollback: withdraw
            ---
            Build the page.
            """);
        return new InlineOrchestrationContext("site-1", o =>
        {
            o.WorkRoot = _git.WorkRoot;
            o.PublishConnectionString = azurite.ConnectionString;
            o.PublishSigningKey = "test-signing-key";
        });
    }

    private LoopRunRequest Request() => new("site", Path.Combine(_loops, "site.md"));
}
