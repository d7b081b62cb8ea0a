using System.Collections.Concurrent;
using System.Text.Json;
using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Errors;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.PullRequest;
using LoopFunctions.Loops.Tests.TestSupport;
using LoopFunctions.Loops.Workspace;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops.Tests.Activities;

/// <summary>The pull request step, through Octokit, against a GitHub-shaped stub API over real HTTP on 127.0.0.1 (at the
/// <c>/api/v3/</c> paths Octokit uses for a non-github.com base address).</summary>
public sealed class PullRequestActivityTests : IAsyncLifetime
{
    private const string TokenSetting = "LOOPFN_TEST_PR_TOKEN";
    private readonly ConcurrentQueue<string> _calls = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("loopfn-pr-").FullName;
    private WebApplication _app = null!;
    private Uri _api = null!;
    private bool _alreadyOpen;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/api/v3/repos/acme/calc/pulls", async (HttpContext ctx) =>
        {
            var body = await JsonDocument.ParseAsync(ctx.Request.Body);
            _calls.Enqueue($"POST {ctx.Request.Headers.Authorization} head={body.RootElement.GetProperty("head").GetString()} base={body.RootElement.GetProperty("base").GetString()}");
            return _alreadyOpen
                ? Results.Json(new { message = "Validation Failed", errors = new[] { new { message = "A pull request already exists for acme:loop/x." } } }, statusCode: 422)
                : Results.Json(new { number = 7, html_url = "https://github.example/acme/calc/pull/7" }, statusCode: 201);
        });
        _app.MapGet("/api/v3/repos/acme/calc/pulls", (HttpContext ctx) =>
        {
            _calls.Enqueue($"GET head={ctx.Request.Query["head"]}");
            return Results.Json(new[] { new { number = 7 } });
        });
        _app.MapMethods("/api/v3/repos/acme/calc/pulls/7", ["PATCH"], async (HttpContext ctx) =>
        {
            var body = await JsonDocument.ParseAsync(ctx.Request.Body);
            _calls.Enqueue($"PATCH title={body.RootElement.GetProperty("title").GetString()}");
            return Results.Json(new { number = 7, html_url = "https://github.example/acme/calc/pull/7" });
        });
        await _app.StartAsync();
        _api = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Environment.SetEnvironmentVariable(TokenSetting, "t0ken");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Environment.SetEnvironmentVariable(TokenSetting, null);
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task RunAsync_NoOpenPullRequest_OpensOneFromTheLoopBranch()
    {
        var url = await Activity().RunAsync(Context(), await InputAsync());

        Assert.Equal("https://github.example/acme/calc/pull/7", url);
        Assert.Equal(["POST Token t0ken head=loop/x base=main"], _calls);
    }

    [Fact]
    public async Task RunAsync_PullRequestAlreadyOpen_UpdatesItInsteadOfOpeningAnother()
    {
        _alreadyOpen = true;

        var url = await Activity().RunAsync(Context(), await InputAsync());

        Assert.Equal("https://github.example/acme/calc/pull/7", url);
        Assert.Equal(["POST Token t0ken head=loop/x base=main", "GET head=acme:loop/x", "PATCH title=Fix add"], _calls);
    }

    [Theory]
    [InlineData("https://github.com/acme/calc.git", "acme", "calc")]
    [InlineData("git@github.com:acme/calc.git", "acme", "calc")]
    [InlineData("https://ghe.example/acme/calc", "acme", "calc")]
    public void ParseRepository_GitHubRemotes_OwnerAndRepository(string url, string owner, string repo) =>
        Assert.Equal((owner, repo), PullRequestActivity.ParseRepository(url));

    [Fact]
    public void ParseRepository_LocalPath_ClearError() =>
        Assert.Contains("not a GitHub repository URL", Assert.Throws<LoopFunctionsException>(() => PullRequestActivity.ParseRepository("/srv/git")).Message, StringComparison.Ordinal);

    private PullRequestActivity Activity() =>
        new(TestActivity.Lifetime, new LoopFunctions.Loops.GitHub.GitHubClientFactory(Options.Create(new LoopRunnerOptions { GitHubApiUrl = _api, GitHubTokenSetting = TokenSetting })));

    private static Microsoft.DurableTask.TaskActivityContext Context() => TestActivity.Context("PullRequest", "i-1");

    private async Task<PullRequestInput> InputAsync()
    {
        await Git.RunAsync(_folder, CancellationToken.None, "init", "--quiet");
        await Git.RunAsync(_folder, CancellationToken.None, "remote", "add", "origin", "https://github.com/acme/calc.git");
        return new PullRequestInput(new WorkspaceInfo(_folder, "base0", "loop/x"), "origin", "main", "Fix add", "body");
    }
}
