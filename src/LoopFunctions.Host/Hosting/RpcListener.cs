using LoopFunctions.DurableTask.Configuration;
using LoopFunctions.Host.Auth;
using LoopFunctions.Host.Management;
using LoopFunctions.Triggers.Starting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Host.Hosting;

/// <summary>
/// The keyless endpoint the Functions host gives Durable Functions' client libraries as <c>rpcBaseUrl</c>: the same
/// starters and management API under <c>/durabletask/</c>, on a listener of its own bound to the loopback address of
/// <see cref="LoopHostOptions.RpcUrl"/> only, so scripts and tools on this machine can use the npm and Python clients
/// against a host that has keys. Off unless that setting is given.
/// </summary>
/// <remarks>A separate server rather than a second address of the main one: the keyless routes exist only here, and
/// the main listener (which may face a network) never serves them. Requests are also refused unless they came from
/// and to a loopback address and were not forwarded by a proxy (<see cref="LoopbackOnlyFilter"/>).</remarks>
internal sealed class RpcListener(IServiceProvider services, LoopHostOptions options, ILogger<RpcListener> logger) : IHostedService, IAsyncDisposable
{
    /// <summary>The path of <c>rpcBaseUrl</c>, as in Durable Functions.</summary>
    public const string BasePath = "/durabletask";

    private WebApplication? _app;

    /// <summary><c>rpcBaseUrl</c> once listening (the real port when port 0 was asked for): <c>http://127.0.0.1:17071/durabletask/</c>.</summary>
    public Uri? BaseUrl { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.RpcUrl is not { } url)
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls(url);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);

        // One log for both listeners, with the main host's filters; the engine and triggers are the main host's.
        builder.Logging.ClearProviders();
        builder.Services.Replace(ServiceDescriptor.Singleton(services.GetRequiredService<ILoggerFactory>()));
        foreach (var shared in new[] { typeof(DurableTaskClient), typeof(HostJsonSettings), typeof(LoopHostOptions), typeof(HttpLoopStarter), typeof(Loops.Agents.Transcripts.ITranscriptStore) })
        {
            builder.Services.AddSingleton(shared, services.GetRequiredService(shared));
        }

        var app = builder.Build();
        app.UseMiddleware<ErrorMiddleware>();
        app.MapDurableApi<LoopbackOnlyFilter>(BasePath);
        app.MapFallback((HttpContext http) => ApiResults.NotFound($"no route for {http.Request.Method} {http.Request.Path} (this listener serves {BasePath}/ only)"));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("the client-library listener did not report its address");
        BaseUrl = new Uri(address.TrimEnd('/') + BasePath + "/");
        logger.RpcListening(BaseUrl.ToString());
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }
    }
}
