using System.Net;
using System.Text.Json;
using LoopFunctions.Functions.Http;
using LoopFunctions.Functions.Tests.TestSupport;
using LoopFunctions.Loops;
using LoopFunctions.Loops.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;

namespace LoopFunctions.Functions.Tests.Http;

public sealed class StarterFunctionsTests : IDisposable
{
    private readonly TempLoops _loops = new();
    private readonly string _repositories = Directory.CreateTempSubdirectory("loopfn-repos-").FullName;
    private readonly Mock<DurableTaskClient> _client = new(MockBehavior.Strict, "test");
    private readonly FunctionsHarness _harness;

    public StarterFunctionsTests()
    {
        _harness = new FunctionsHarness(_loops.Folder, new Dictionary<string, string?> { ["LoopFunctions:Triggers:AllowedRepositoryRoots:0"] = _repositories });
        _client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Returns((TaskName _, object? _, StartOrchestrationOptions? o, CancellationToken _) => Task.FromResult(o!.InstanceId!));
    }

    public void Dispose()
    {
        _harness.Dispose();
        _loops.Dispose();
        Directory.Delete(_repositories, recursive: true);
    }

    [Fact]
    public async Task StartAsync_KnownLoop_202WithLocationAndCheckStatusPayload()
    {
        // Unconfined: the preflight would otherwise ask for bubblewrap, which this test is not about.
        var file = _loops.Write("fix-calc", agent: Unconfined);
        // A local repository, under the allowed roots: this app does not know its caller, so a local path needs one.
        // It has the loop's base branch (main), as the preflight requires of a real start.
        var repository = await RepositoryOnAsync("calc", "main");
        var request = _harness.Request("POST", $"http://localhost:7071/api/loops/fix-calc?instanceId=run-1&repo={Uri.EscapeDataString(repository)}", "{\"why\":\"red\"}");

        var response = await Starters().StartAsync(request, "fix-calc", _client.Object, _harness.Context.Object);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        const string Status = "http://localhost:7071/runtime/webhooks/durabletask/instances/run-1";
        Assert.Equal(Status, Assert.Single(response.Headers.GetValues("Location")));
        var payload = JsonDocument.Parse(FunctionsHarness.BodyOf(response)).RootElement;
        Assert.Equal("run-1", payload.GetProperty("id").GetString());
        Assert.Equal(Status, payload.GetProperty("statusQueryGetUri").GetString());
        Assert.Equal(Status + "/raiseEvent/{eventName}", payload.GetProperty("sendEventPostUri").GetString());
        Assert.Equal(Status + "/terminate?reason={text}", payload.GetProperty("terminatePostUri").GetString());
        Assert.Equal(Status, payload.GetProperty("purgeHistoryDeleteUri").GetString());
        Assert.Equal(Status + "/suspend?reason={text}", payload.GetProperty("suspendPostUri").GetString());
        Assert.Equal(Status + "/resume?reason={text}", payload.GetProperty("resumePostUri").GetString());
        Assert.Equal(Status + "/restart", payload.GetProperty("restartPostUri").GetString());
        // The stored input names the loop, never its file on this machine.
        var expected = $$$"""{"loop":"fix-calc","input":{"why":"red"},"repository":"{{{repository}}}","trigger":{"kind":"http"}}""";
        Assert.EndsWith("fix-calc.md", file, StringComparison.Ordinal);
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            It.Is<TaskName>(n => n.Name == LoopActivityNames.Orchestrator), It.Is<object?>(i => JsonSerializer.Serialize(i, LoopSerialization.Options) == expected), It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == "run-1"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task StartAsync_LoopCannotRunHere_400NamingTheProblemAndNothingStarted()
    {
        var file = _loops.Write("fix-calc", agent: Unconfined);
        // The loop's base branch is main (the default); this repository has only master: known without a network.
        var repository = await RepositoryOnAsync("calc", "master");
        var request = _harness.Request("POST", $"http://localhost:7071/api/loops/fix-calc?instanceId=run-1&repo={Uri.EscapeDataString(repository)}", "{\"why\":\"red\"}");

        var response = await Starters().StartAsync(request, "fix-calc", _client.Object, _harness.Context.Object);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(FunctionsHarness.BodyOf(response)).RootElement.GetProperty("error").GetString();
        Assert.Equal(
            $"loop 'fix-calc' cannot start on this host (nothing was started or spent): the base branch 'main' is not in the repository {repository} (its branches: master); set workspace.base_branch: master in {file}.",
            error);
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task StartAsync_UnknownLoop_404AndNothingStarted()
    {
        _loops.Write("fix-calc");
        var response = await Starters().StartAsync(_harness.Request("POST", "http://localhost:7071/api/loops/nope"), "nope", _client.Object, _harness.Context.Object);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no loop named 'nope'", JsonDocument.Parse(FunctionsHarness.BodyOf(response)).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task StartAsync_InvalidLoopFile_400WithFileAndLine()
    {
        _loops.WriteInvalid("broken");
        var response = await Starters().StartAsync(_harness.Request("POST", "http://localhost:7071/api/loops/broken"), "broken", _client.Object, _harness.Context.Object);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("broken.md:", JsonDocument.Parse(FunctionsHarness.BodyOf(response)).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task ListAsync_Loops_NamesAndTriggersInCamelCase()
    {
        _loops.Write("fix-calc");
        _loops.WriteInvalid("broken");
        var response = await Starters().ListAsync(_harness.Request("GET", "http://localhost:7071/api/loops"), _harness.Context.Object);
        var body = JsonDocument.Parse(FunctionsHarness.BodyOf(response)).RootElement;
        Assert.Equal("fix-calc", body.GetProperty("loops")[0].GetProperty("name").GetString());
        Assert.Contains("broken.md", body.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
    }

    private const string Unconfined = "  sandbox: none\n";

    private StarterFunctions Starters() => new(_harness.Triggers);

    /// <summary>A git repository under the allowed root with one commit, on <paramref name="branch"/> only.</summary>
    private async Task<string> RepositoryOnAsync(string name, string branch)
    {
        var repository = Path.Combine(_repositories, name);
        await LoopFunctions.Loops.Workspace.Git.RunAsync(_repositories, CancellationToken.None, "init", "--quiet", $"--initial-branch={branch}", repository);
        await File.WriteAllTextAsync(Path.Combine(repository, "README"), "calc\n");
        await LoopFunctions.Loops.Workspace.Git.RunAsync(repository, CancellationToken.None, "add", "--all");
        await LoopFunctions.Loops.Workspace.Git.RunAsync(repository, CancellationToken.None, "-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "--quiet", "-m", "first");
        return repository;
    }
}
