using LoopFunctions.Loops.Tests.Agents;
using LoopFunctions.Loops.Tests.Agents.Sandbox;
using LoopFunctions.Loops.Tests.Orchestration;
using LoopFunctions.Loops.Verification;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Tests.Verification;

/// <summary>A check's sandbox, attacked from inside the check: the host's home is not there, and a check that lists
/// a host reaches that host only.</summary>
public sealed class CheckSandboxTests : IAsyncLifetime
{
    private readonly TempWorkspace _temp = new();
    private RunFolder _folder = null!;

    public Task InitializeAsync()
    {
        _folder = new RunFolder(Path.Combine(_temp.Path, "run-1"));
        Directory.CreateDirectory(_folder.Checkout);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task RunAsync_CheckPrintsAFileOfTheHostsHome_ItIsNotThere()
    {
        // What a check would print into the feedback for the agent to commit: a key under the user's home.
        var home = Environment.GetEnvironmentVariable("HOME")!;
        var secret = Path.Combine(home, $".loopfn-test-secret-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(secret, "secret-value\n");
        try
        {
            var sandbox = await CheckSandbox.CreateAsync(FakeLoopSteps.DefaultPlan(), _folder);

            var result = await CheckSandbox.RunAsync(sandbox, ["bash", "-c", $"cat '{secret}'; ls -a \"{home}\""], _folder.Checkout, TimeSpan.FromMinutes(1), false, [], null, null, CancellationToken.None);

            Assert.DoesNotContain("secret-value", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain(Path.GetFileName(secret), result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public async Task RunAsync_CheckListsAHost_ReachesItThroughTheProxyAndNoOtherPort()
    {
        await using var listed = await EgressTestServer.StartAsync();
        await using var other = await EgressTestServer.StartAsync();
        var sandbox = await CheckSandbox.CreateAsync(FakeLoopSteps.DefaultPlan(), _folder);
        var script = $"curl -sS -m 30 http://127.0.0.1:{listed.Port}/hello; echo; curl -sS -m 30 -o /dev/null -w 'other %{{http_code}}' http://127.0.0.1:{other.Port}/hello";

        var result = await CheckSandbox.RunAsync(sandbox, ["bash", "-c", script], _folder.Checkout, TimeSpan.FromMinutes(2), false, [$"127.0.0.1:{listed.Port}"], null, null, CancellationToken.None);

        Assert.Contains($"hello from {listed.Port}", result.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(other.Requests);
        Assert.NotEmpty(listed.Requests);
    }
}
