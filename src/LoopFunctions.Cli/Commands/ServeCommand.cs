using LoopFunctions.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn serve</c>: the host (worker, HTTP starters, management API, webhooks, schedules, dashboard)
/// until Ctrl+C or SIGTERM; then running steps finish or are released to be picked up again.</summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(CommandLine line, TextWriter output, TextWriter error)
    {
        var urls = (line.Option("urls") ?? Environment.GetEnvironmentVariable("LOOPFN_URLS") ?? "http://127.0.0.1:7071")
            .Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var store = line.Option("store");
        var root = line.Option("root");
        var loops = line.Option("loops");
        line.EnsureAllRead();
        if (line.Positional.Count > 0)
        {
            throw new UsageException("serve takes no arguments, only --urls, --store, --loops and --root");
        }

        var settings = new LoopHostSettings
        {
            ContentRoot = Path.GetFullPath(root ?? "."),
            Urls = urls,
            StorePath = store is null ? null : Path.GetFullPath(store),
        };
        if (loops is not null)
        {
            settings.Configuration["LoopFunctions:LoopsFolder"] = Path.GetFullPath(loops);
        }

        await using var app = LoopHost.Build(settings);
        await app.StartAsync();
        var address = app.BaseAddress();
        error.WriteLine($"loopfn serve: listening on {string.Join(", ", urls)}; dashboard {new Uri(address, "dashboard")}; Ctrl+C stops");
        output.Flush();
        await app.WaitForShutdownAsync();
        return ExitCodes.Success;
    }
}
