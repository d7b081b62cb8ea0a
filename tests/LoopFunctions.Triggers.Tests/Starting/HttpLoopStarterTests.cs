using System.Text;
using System.Text.Json;
using LoopFunctions.Loops;
using System.Text.RegularExpressions;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Triggers.Http;
using LoopFunctions.Triggers.Starting;
using LoopFunctions.Triggers.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LoopFunctions.Triggers.Tests.Starting;

public sealed class HttpLoopStarterTests : IDisposable
{
    private readonly LoopFolderFixture _loops = new();
    private readonly FakeClient _client = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 2, 0, 0, TimeSpan.Zero));

    public void Dispose() => _loops.Dispose();

    [Fact]
    public async Task StartAsync_KnownLoop_StartsWithReadableIdAndBodyAsInput()
    {
        var loop = _loops.Write("fix-calc", "on: manual");

        var result = await Starter().StartAsync("fix-calc", null, "/src/calc", Encoding.UTF8.GetBytes("{\"why\":\"red\"}"), default);

        Assert.Null(result.Error);
        Assert.Matches(new Regex("^fix-calc-20260501-020000-[0-9a-f]{4}$"), result.InstanceId);
        var request = Assert.IsType<LoopRunInput>(Assert.Single(_client.Starts).Input);
        var stored = JsonSerializer.Serialize(request, LoopSerialization.Options);
        Assert.Equal("""{"loop":"fix-calc","input":{"why":"red"},"repository":"/src/calc","trigger":{"kind":"http"}}""", stored);
        Assert.DoesNotContain(Path.GetDirectoryName(loop.SourcePath)!, stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartOrchestrationAsync_BodyNamesALoop_StartsItWithTheBodyAsSent()
    {
        _loops.Write("fix-calc", "on: manual");
        const string Body = """{"loop": "fix-calc", "input": {"why": "red"}}""";

        var result = await Starter().StartOrchestrationAsync("calc-7", Encoding.UTF8.GetBytes(Body), default);

        Assert.Null(result.Error);
        Assert.Equal("calc-7", result.InstanceId);
        var start = Assert.Single(_client.Starts);
        Assert.Equal(LoopActivityNames.Orchestrator, start.Name);
        Assert.Equal("""{"loop":"fix-calc","input":{"why":"red"}}""", JsonSerializer.Serialize(start.Input, LoopSerialization.Options));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[1]")]
    [InlineData("""{"input": {"why": "red"}}""")]
    [InlineData("""{"loop": 7}""")]
    [InlineData("""{"loopName": "fix-calc", "loopFile": "/etc/passwd"}""")]
    [InlineData("""{"loop": "fix-calc", "loopFile": "/tmp/evil.md"}""")]
    public async Task StartOrchestrationAsync_BodyNamesNoLoopOrAFile_400SayingTheShape(string body)
    {
        _loops.Write("fix-calc", "on: manual");

        var result = await Starter().StartOrchestrationAsync(null, Encoding.UTF8.GetBytes(body), default);

        Assert.Equal(400, result.Error!.StatusCode);
        Assert.Contains("{\"loop\": \"<name>\"", ((ErrorBody)result.Error.Body).Error, StringComparison.Ordinal);
        Assert.Empty(_client.Starts);
    }

    [Fact]
    public async Task StartOrchestrationAsync_UnknownLoop_404NamingTheKnownOnes()
    {
        _loops.Write("fix-calc", "on: manual");

        var result = await Starter().StartOrchestrationAsync(null, Encoding.UTF8.GetBytes("""{"loop": "nope"}"""), default);

        Assert.Equal(404, result.Error!.StatusCode);
        Assert.Contains("known loops: fix-calc", ((ErrorBody)result.Error.Body).Error, StringComparison.Ordinal);
        Assert.Empty(_client.Starts);
    }

    [Fact]
    public async Task StartAsync_UnknownLoop_404NamingTheKnownOnes()
    {
        _loops.Write("fix-calc", "on: manual");
        var result = await Starter().StartAsync("nope", null, null, default, default);
        Assert.Equal(404, result.Error!.StatusCode);
        Assert.Contains("known loops: fix-calc", ((ErrorBody)result.Error.Body).Error, StringComparison.Ordinal);
        Assert.Empty(_client.Starts);
    }

    [Fact]
    public async Task StartAsync_InvalidLoopFile_400WithTheParserReason()
    {
        _loops.WriteInvalid("broken");
        var result = await Starter().StartAsync("broken", null, null, default, default);
        Assert.Equal(400, result.Error!.StatusCode);
        Assert.Contains("broken.md:", ((ErrorBody)result.Error.Body).Error, StringComparison.Ordinal);
        Assert.Empty(_client.Starts);
    }

    [Fact]
    public async Task StartAsync_BodyNotJson_400()
    {
        _loops.Write("fix-calc", "on: manual");
        var result = await Starter().StartAsync("fix-calc", null, null, Encoding.UTF8.GetBytes("{nope"), default);
        Assert.Equal(400, result.Error!.StatusCode);
        Assert.Empty(_client.Starts);
    }

    [Fact]
    public async Task StartAsync_LiveRunHasTheId_409()
    {
        _loops.Write("fix-calc", "on: manual");
        await Starter().StartAsync("fix-calc", "mine", null, default, default);
        var again = await Starter().StartAsync("fix-calc", "mine", null, default, default);
        Assert.Equal(409, again.Error!.StatusCode);
        Assert.Single(_client.Starts);
    }

    private HttpLoopStarter Starter() => new(_loops.Loops, new LoopLauncher(_client.Object, _time, NullLogger<LoopLauncher>.Instance));
}
