using System.Net;
using System.Text.Json.Nodes;
using LoopFunctions.Host.Tests.TestSupport;

namespace LoopFunctions.Host.Tests.Management;

/// <summary>A loop that fails for an infrastructure reason is a Failed orchestration; the rewind route runs the failed
/// step again on the real engine and the loop carries on to its end.</summary>
public sealed class RewindTests : IAsyncLifetime
{
    private const string Api = "/runtime/webhooks/durabletask/instances";
    private HostSandbox _sandbox = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await HostSandbox.CreateAsync();
        _sandbox.WriteQuickAndGatedLoops();
        await _sandbox.StartHostAsync();
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Rewind_StepFailedOnEveryAttempt_RunsItAgainAndTheLoopIsVerified()
    {
        // The setup fails on its first three calls: every attempt of PrepareWorkspace.
        var script = _sandbox.WriteFlakyLoop("flaky", "1 2 3");
        var id = (await _sandbox.StartLoopAsync("flaky", instanceId: "flaky-1"))["id"]!.ToString();

        var failed = await _sandbox.WaitForEndAsync(id);
        Assert.Equal("Failed", failed["runtimeStatus"]!.ToString());
        Assert.Contains("call 3 fails", failed["output"]!.ToJsonString(), StringComparison.Ordinal);
        // As Durable Functions shows a Failed instance's output: the failure's text, a string.
        Assert.Equal(System.Text.Json.JsonValueKind.String, failed["output"]!.GetValueKind());
        Assert.Equal("Failed", failed["customStatus"]!["outcome"]!.ToString());
        var history = (await _sandbox.GetStatusAsync(id, "?showHistory=true")).Body!["historyEvents"]!.AsArray();
        Assert.Equal(3, history.Count(e => e!["EventType"]!.ToString() == "TaskFailed" && e["FunctionName"]!.ToString() == "PrepareWorkspace"));
        Assert.DoesNotContain(history, e => e!["EventType"]!.ToString() == "TimerCreated");
        Assert.Equal("Failed", history[^1]!["OrchestrationStatus"]!.ToString());

        using (var rewind = await _sandbox.Http.PostAsync($"{Api}/{id}/rewind?reason=the%20setup%20is%20fixed", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, rewind.StatusCode);
        }

        var done = await _sandbox.WaitForAsync(id, s => s["runtimeStatus"]!.ToString() is "Completed" or "Terminated"
            || (s["runtimeStatus"]!.ToString() == "Failed" && s["output"]?.ToJsonString().Contains("call 3", StringComparison.Ordinal) != true));
        Assert.True(done["runtimeStatus"]!.ToString() == "Completed", done.ToJsonString());
        Assert.Equal("Verified", done["output"]!["outcome"]!.ToString());

        // Calls 1-3 failed; 4 is PrepareWorkspace again, 5 the baseline checks, 6 the iteration's checks.
        Assert.Equal("6", File.ReadAllText(script + ".count").Trim());
    }

    [Fact]
    public async Task Rewind_UnknownEndedOrLiveInstance_AnswersLikeDurableFunctions()
    {
        using (var unknown = await _sandbox.Http.PostAsync($"{Api}/nope/rewind?reason=x", null))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Empty(await unknown.Content.ReadAsStringAsync());
        }

        var completed = (await _sandbox.StartLoopAsync("quick"))["id"]!.ToString();
        await _sandbox.WaitForEndAsync(completed);
        using (var gone = await _sandbox.Http.PostAsync($"{Api}/{completed}/rewind", null))
        {
            Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        }

        var live = (await _sandbox.StartLoopAsync("gated"))["id"]!.ToString();
        await _sandbox.WaitForPhaseAsync(live, "AwaitingApproval");
        using var conflict = await _sandbox.Http.PostAsync($"{Api}/{live}/rewind", null);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("only a Failed instance", JsonNode.Parse(await conflict.Content.ReadAsStringAsync())!["ExceptionMessage"]!.ToString(), StringComparison.Ordinal);
    }
}
