using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoopFunctions.Host.Tests.TestSupport;

namespace LoopFunctions.Host.Tests.Management;

/// <summary>The HTTP starter checks what the run needs from this host before it schedules anything.</summary>
public sealed class StarterPreflightTests : IAsyncLifetime
{
    private HostSandbox _sandbox = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await HostSandbox.CreateAsync();
        _sandbox.WriteQuickAndGatedLoops();
        await _sandbox.StartHostAsync();
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Start_RepositoryOnMaster_Refused400WithTheFixAndNothingStarted()
    {
        var onMaster = Directory.CreateDirectory(Path.Combine(_sandbox.Root, "on-master")).FullName;
        await Loops.Workspace.Git.RunAsync(onMaster, CancellationToken.None, "init", "--quiet", "--initial-branch=master");
        await File.WriteAllTextAsync(Path.Combine(onMaster, "README"), "hello\n");
        await Loops.Workspace.Git.RunAsync(onMaster, CancellationToken.None, "add", "--all");
        await Loops.Workspace.Git.RunAsync(onMaster, CancellationToken.None, "-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "--quiet", "-m", "first");

        using var response = await _sandbox.Http.PostAsJsonAsync($"/api/loops/quick?repo={Uri.EscapeDataString(onMaster)}", new { });
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("nothing was started or spent", body, StringComparison.Ordinal);
        Assert.Contains("set workspace.base_branch: master", body, StringComparison.Ordinal);
        using var list = await _sandbox.Http.GetAsync("/runtime/webhooks/durabletask/instances");
        Assert.Empty(JsonNode.Parse(await list.Content.ReadAsStringAsync())!.AsArray());
    }
}
