using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Loops.Tests.Agents;

/// <summary>
/// An OpenAI-compatible chat completions endpoint over real HTTP on 127.0.0.1 that answers from a script, in order,
/// on both the OpenAI route (<c>/v1/chat/completions</c>) and the Azure route
/// (<c>/openai/deployments/{d}/chat/completions</c>), and records every request it gets.
/// </summary>
internal sealed class StubChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Queue<StubReply> _script;
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _gate = new();

    private StubChatServer(WebApplication app, IEnumerable<StubReply> script)
    {
        _app = app;
        _script = new Queue<StubReply>(script);
    }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The endpoint to give an OpenAI-compatible client (base URL with its version segment).</summary>
    public Uri OpenAiEndpoint => new(BaseUri, "v1");

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<StubChatServer> StartAsync(params StubReply[] script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new StubChatServer(app, script);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        app.MapPost("/openai/deployments/{deployment}/chat/completions", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        StubReply? reply;
        lock (_gate)
        {
            _requests.Add(new RecordedRequest(context.Request.Path.Value ?? "", body, headers));
            _script.TryDequeue(out reply);
        }

        // 400 is not retried, so a test whose script is too short fails at once instead of after backoff.
        reply ??= new StubReply(400, """{"error":{"message":"stub script exhausted"}}""");
        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = "application/json";
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(reply.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
