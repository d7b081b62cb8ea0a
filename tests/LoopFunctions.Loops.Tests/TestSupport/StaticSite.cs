using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Loops.Tests.TestSupport;

/// <summary>A deployment target: a folder served over real HTTP on 127.0.0.1 (GET a file, 404 when there is none).
/// A deployment command copies files into <see cref="Folder"/>; the post-deploy checks read them back over HTTP.</summary>
internal sealed class StaticSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StaticSite(WebApplication app, string folder) => (_app, Folder) = (app, folder);

    public string Folder { get; }

    public Uri BaseUri { get; private set; } = null!;

    public static async Task<StaticSite> StartAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var site = new StaticSite(app, folder);
        app.MapGet("/{**path}", (string? path) =>
        {
            var file = Path.GetFullPath(Path.Combine(folder, string.IsNullOrEmpty(path) || path.EndsWith('/') ? (path ?? "") + "index.html" : path));
            return file.StartsWith(folder, StringComparison.Ordinal) && File.Exists(file)
                ? Results.Text(File.ReadAllText(file), "text/html")
                : Results.Text("not deployed", statusCode: 404);
        });
        await app.StartAsync();
        site.BaseUri = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
        return site;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
