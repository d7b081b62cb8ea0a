using System.CommandLine;
using LoopFunctions.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn serve</c>: the host (worker, HTTP starters, management API, webhooks, schedules, dashboard)
/// until Ctrl+C or SIGTERM; then running steps finish or are released to be picked up again.</summary>
internal sealed class ServeCommand : Command
{
    private readonly Option<string?> _urls = CliOptions.Text("--urls", "URL", "Where to listen, several separated by , or ; (default: LOOPFN_URLS, else http://127.0.0.1:7071)");
    private readonly Option<string?> _store = CliOptions.Store("The embedded store (default: the one host.json names)");
    private readonly Option<string?> _loops = CliOptions.Text("--loops", "DIR", "The folder of loop files (default: LoopFunctions:LoopsFolder in the settings, else ./loops)");
    private readonly Option<string?> _root = CliOptions.Text("--root", "DIR", "The folder with host.json and local.settings.json (default: the current folder)");

    public ServeCommand()
        : base("serve", "Run the host: worker, HTTP API, webhooks, schedules, dashboard; Ctrl+C or SIGTERM stops it")
    {
        Options.Add(_urls);
        Options.Add(_store);
        Options.Add(_loops);
        Options.Add(_root);
        SetAction((parse, _) =>
        {
            var (output, error) = parse.Writers();
            return ServeAsync(parse.GetValue(_urls), parse.GetValue(_store), parse.GetValue(_loops), parse.GetValue(_root), output, error);
        });
    }

    private static async Task<int> ServeAsync(string? urlList, string? store, string? loops, string? root, TextWriter output, TextWriter error)
    {
        var urls = (urlList ?? Environment.GetEnvironmentVariable("LOOPFN_URLS") ?? "http://127.0.0.1:7071")
            .Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
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
