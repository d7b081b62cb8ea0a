using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LoopFunctions.Host.Tests.TestSupport;

namespace LoopFunctions.Host.Tests.Management;

/// <summary>A start's repository override (<c>?repo=</c>, <c>repository</c> in a LoopOrchestrator start's body) is
/// checked before anything is scheduled: a git URL or a local git repository, under the allowed roots when
/// <c>LoopFunctions:Triggers:AllowedRepositoryRoots</c> is set. Over real HTTP on 127.0.0.1 (a loopback caller), real
/// git, real loops on a SQLite store.</summary>
public sealed class StarterRepositoryTests : IAsyncLifetime
{
    private const string RootsKey = "LoopFunctions:Triggers:AllowedRepositoryRoots:0";
    private HostSandbox _sandbox = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await HostSandbox.CreateAsync();
        _sandbox.WriteQuickAndGatedLoops();
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Start_LocalFolderThatIsNoGitRepository_400NamingTheReasonAndNothingStarted()
    {
        await _sandbox.StartHostAsync();
        var plain = Directory.CreateDirectory(Path.Combine(_sandbox.Root, "plain")).FullName;

        var (status, body) = await StartAsync(plain);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal($"repo '{plain}' cannot be used (nothing was started or spent): the folder is not a git repository (no .git, and not a bare repository).", ErrorOf(body));
        await AssertNothingStartedAsync();
    }

    [Fact]
    public async Task Start_UrlThatIsNoGitUrl_400NamingTheScheme()
    {
        await _sandbox.StartHostAsync();

        var (status, body) = await StartAsync("ftp://example.com/calc.git");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.EndsWith("it is not a git URL: the scheme 'ftp' is not one of https, http, ssh, git or file.", ErrorOf(body), StringComparison.Ordinal);
        await AssertNothingStartedAsync();
    }

    [Fact]
    public async Task Start_RepositoryOutsideTheAllowedRoots_400EvenFromThisMachine()
    {
        var allowed = Directory.CreateDirectory(Path.Combine(_sandbox.Root, "allowed")).FullName;
        await _sandbox.StartHostAsync(new Dictionary<string, string?> { [RootsKey] = allowed });

        var (status, body) = await StartAsync(_sandbox.Repository);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.EndsWith($"it is not under an allowed repository root (LoopFunctions:Triggers:AllowedRepositoryRoots: {allowed}).", ErrorOf(body), StringComparison.Ordinal);
        await AssertNothingStartedAsync();
    }

    [Fact]
    public async Task Start_LoopOrchestratorBodyNamingARepositoryOutsideTheRoots_400()
    {
        var allowed = Directory.CreateDirectory(Path.Combine(_sandbox.Root, "allowed")).FullName;
        await _sandbox.StartHostAsync(new Dictionary<string, string?> { [RootsKey] = allowed });
        var body = new JsonObject { ["loop"] = "quick", ["repository"] = _sandbox.Repository }.ToJsonString();

        using var response = await _sandbox.Http.PostAsync(
            "/runtime/webhooks/durabletask/orchestrators/LoopOrchestrator", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("it is not under an allowed repository root", ErrorOf(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        await AssertNothingStartedAsync();
    }

    [Fact]
    public async Task Start_RepositoryUnderTheAllowedRoots_RunsOnIt()
    {
        await _sandbox.StartHostAsync(new Dictionary<string, string?> { [RootsKey] = _sandbox.Root + "/" });

        var (status, body) = await StartAsync(_sandbox.Repository);

        Assert.True(status == HttpStatusCode.Accepted, body);
        var id = JsonNode.Parse(body)!["id"]!.ToString();
        Assert.Equal(_sandbox.Repository, (await _sandbox.RunRequestAsync(id)).Repository);
        Assert.Equal("Completed", (await _sandbox.WaitForEndAsync(id))["runtimeStatus"]!.ToString());
    }

    private async Task<(HttpStatusCode Status, string Body)> StartAsync(string repository)
    {
        using var response = await _sandbox.Http.PostAsJsonAsync($"/api/loops/quick?repo={Uri.EscapeDataString(repository)}", new { });
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string ErrorOf(string body) => JsonNode.Parse(body)!["error"]!.ToString();

    private async Task AssertNothingStartedAsync()
    {
        using var list = await _sandbox.Http.GetAsync("/runtime/webhooks/durabletask/instances");
        Assert.Empty(JsonNode.Parse(await list.Content.ReadAsStringAsync())!.AsArray());
    }
}
