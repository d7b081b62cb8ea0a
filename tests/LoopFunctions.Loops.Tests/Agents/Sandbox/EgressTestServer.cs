using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Loops.Tests.Agents.Sandbox;

/// <summary>
/// A real HTTP server on 127.0.0.1 for the egress proxy's tests: <c>/hello</c> names its port, <c>/echo</c> returns
/// the body it got, <c>/sse</c> sends one event, waits for <see cref="ReleaseEvents"/> (or a request to
/// <c>/release</c>), then sends the second. It
/// records the target and headers of every request.
/// </summary>
internal sealed class EgressTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private EgressTestServer(WebApplication app) => _app = app;

    public int Port { get; private set; }

    public ConcurrentQueue<(string Target, IReadOnlyDictionary<string, string> Headers)> Requests { get; } = new();

    public static async Task<EgressTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new EgressTestServer(app);
        app.Use(async (context, next) =>
        {
            server.Requests.Enqueue((context.Request.Path + context.Request.QueryString, context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString())));
            await next(context);
        });
        app.MapGet("/hello", () => $"hello from {server.Port}");
        app.MapPost("/echo", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            await context.Response.WriteAsync("echo: " + await reader.ReadToEndAsync());
        });
        app.MapGet("/release", () =>
        {
            server.ReleaseEvents();
            return "released";
        });
        app.MapGet("/sse", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: one\n\n");
            await context.Response.Body.FlushAsync();
            await server._release.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await context.Response.WriteAsync("data: two\n\n");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Port = new Uri(address).Port;
        return server;
    }

    public void ReleaseEvents() => _release.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        ReleaseEvents();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
