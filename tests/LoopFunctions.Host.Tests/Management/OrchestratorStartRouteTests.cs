using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LoopFunctions.Host.Tests.TestSupport;
using LoopFunctions.Loops.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.Host.Tests.Management;

/// <summary>Durable Functions' own start route for the orchestrator every loop run reports as its name,
/// <c>POST .../orchestrators/LoopOrchestrator[/{instanceId}]</c> with the orchestration's input as the body, and runs
/// stored with the input shape used before it: over real HTTP on 127.0.0.1, real loops on a SQLite store.</summary>
public sealed class OrchestratorStartRouteTests : IAsyncLifetime
{
    private const string Route = "/runtime/webhooks/durabletask/orchestrators/LoopOrchestrator";
    private HostSandbox _sandbox = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await HostSandbox.CreateAsync();
        _sandbox.WriteQuickAndGatedLoops();
        await _sandbox.StartHostAsync();
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Start_LoopOrchestratorWithTheLoopInTheBody_202WithDurableFunctionsAnswerAndTheRunStoresTheBody()
    {
        using var response = await PostAsync(Route + "/route-1", """{"loop": "quick", "input": {"ticket": 7}}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), response.Headers.RetryAfter!.Delta);
        var payload = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(["id", "statusQueryGetUri", "sendEventPostUri", "terminatePostUri", "purgeHistoryDeleteUri", "restartPostUri", "suspendPostUri", "resumePostUri"], payload.Select(p => p.Key));
        Assert.Equal("route-1", payload["id"]!.ToString());
        Assert.Equal(payload["statusQueryGetUri"]!.ToString(), response.Headers.Location!.ToString());

        var done = await _sandbox.WaitForEndAsync("route-1");
        Assert.Equal("LoopOrchestrator", done["name"]!.ToString());
        Assert.Equal("Verified", done["output"]!["outcome"]!.ToString());
        Assert.Equal("""{"loop":"quick","input":{"ticket":7}}""", done["input"]!.ToJsonString());
    }

    [Fact]
    public async Task Start_LoopOrchestratorWithoutAnId_IdBeginsWithTheLoop()
    {
        using var response = await PostAsync(Route, """{"loop": "gated"}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.StartsWith("gated-", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("""{"input": {"ticket": 7}}""")]
    [InlineData("""{"loopName": "quick", "loopFile": "/etc/hostname"}""")]
    public async Task Start_LoopOrchestratorBodyNamesNoLoop_400SayingTheShape(string body)
    {
        using var response = await PostAsync(Route + "/bad-body", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("{\\\"loop\\\": \\\"<name>\\\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _sandbox.GetStatusAsync("bad-body")).Status);
    }

    [Fact]
    public async Task Start_LoopOrchestratorUnknownLoop_404NamingTheKnownOnes()
    {
        using var response = await PostAsync(Route, """{"loop": "nope"}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("known loops: gated, quick", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_RunStoredWithTheEarlierInputShape_RunsAndShowsTodaysShapeWithoutThePath()
    {
        var client = _sandbox.App!.Services.GetRequiredService<DurableTaskClient>();
        var earlier = new LoopRunRequest("quick", Path.Combine(_sandbox.Loops, "quick.md"), TriggeredBy: "http", Input: """{"ticket":3}""");
        await client.ScheduleNewOrchestrationInstanceAsync(LoopActivityNames.Orchestrator, earlier, new StartOrchestrationOptions("earlier-1"));

        var done = await _sandbox.WaitForEndAsync("earlier-1");

        Assert.Equal("Verified", done["output"]!["outcome"]!.ToString());
        Assert.Equal("""{"loop":"quick","input":{"ticket":3},"trigger":{"kind":"http"}}""", done["input"]!.ToJsonString());
        var (_, history) = await _sandbox.GetStatusAsync("earlier-1", "?showHistory=true");
        var started = history!["historyEvents"]!.AsArray().First()!;
        Assert.Equal(done["input"]!.ToJsonString(), started["Input"]!.GetValue<string>());
        Assert.DoesNotContain(_sandbox.Root, done["input"]!.ToJsonString(), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> PostAsync(string path, string body) =>
        _sandbox.Http.PostAsync(path, body.Length == 0 ? null : new StringContent(body, Encoding.UTF8, "application/json"));
}
