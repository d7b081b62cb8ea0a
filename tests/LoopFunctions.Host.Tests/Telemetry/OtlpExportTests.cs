using System.Collections.Concurrent;
using System.Text;
using LoopFunctions.Host.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Host.Tests.Telemetry;

/// <summary>With an OTLP endpoint configured, the host exports its traces and metrics there (a stub collector on
/// 127.0.0.1 that records what arrives over real HTTP).</summary>
public sealed class OtlpExportTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();
    private HostSandbox _sandbox = null!;
    private WebApplication _collector = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _collector = builder.Build();
        _collector.MapPost("/v1/{signal}", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            _received.Enqueue((request.Path, body.ToArray()));
            return Results.Ok();
        });
        await _collector.StartAsync();

        _sandbox = await HostSandbox.CreateAsync();
        _sandbox.WriteLoop("quick", LoopFiles.Quick(_sandbox.Repository, _sandbox.AgentScript));
        await _sandbox.StartHostAsync(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Hosting.LoopHost.BaseAddress(_collector).ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        await _collector.StopAsync();
        await _collector.DisposeAsync();
    }

    [Fact]
    public async Task StartLoop_WithOtlpEndpoint_ExportsTheStartSpanAndTheCounter()
    {
        var id = (await _sandbox.StartLoopAsync("quick"))["id"]!.ToString();
        await _sandbox.WaitForEndAsync(id);

        using var deadline = new CancellationTokenSource(HostSandbox.Deadline);
        while (!(Arrived("/v1/traces", "loop.start") && Arrived("/v1/metrics", "loopfunctions.loops.started")))
        {
            await Task.Delay(50, deadline.Token);
        }

        // The span carries the loop, never a key or connection string.
        Assert.True(Arrived("/v1/traces", id));
    }

    private bool Arrived(string path, string text) =>
        _received.Any(r => r.Path == path && Encoding.UTF8.GetString(r.Body).Contains(text, StringComparison.Ordinal));
}
