using System.CommandLine;
using LoopFunctions.DurableTask.Configuration;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Cli.Commands;

/// <summary>Where <c>loopfn approve|raise|terminate|suspend|resume</c> send their operation: a running host
/// (<c>--host</c>, <c>--key</c>), or the embedded store without a host, as <c>loopfn run</c> itself works. On the
/// store the command opens it as a client only and writes the event or the operation there; the process running the
/// loop (<c>loopfn run</c> or <c>loopfn serve</c> on the same file) picks it up. The SQLite store is made for
/// several processes on one file (one writer at a time, with a busy timeout).</summary>
internal sealed class InstanceTarget
{
    private readonly Option<string?> _store = CliOptions.Store("The embedded store the run is in, instead of a host (default: this folder's store when it holds the instance and no host is named)");

    public HostOptions Host { get; } = new();

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(_store);
        Host.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetResult(_store) is not null && result.GetResult(Host.Host) is not null)
            {
                result.AddError("give --store (the local store) or --host (a running host), not both");
            }
        });
    }

    /// <summary>The store the command goes to, or null for the host: <c>--store PATH</c>; else, when no host is named
    /// (<c>--host</c>, <c>LOOPFN_HOST</c>), the default store of this folder when it exists and holds the instance.</summary>
    public async Task<string?> StoreForAsync(ParseResult parse, string id)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.GetValue(_store) is { } store)
        {
            return Path.GetFullPath(store);
        }

        if (parse.GetValue(Host.Host) is not null || Environment.GetEnvironmentVariable("LOOPFN_HOST") is { Length: > 0 })
        {
            return null;
        }

        string path;
        try
        {
            path = HostJson.Load(Path.GetFullPath("host.json")) is { Backend: StorageBackend.Sqlite } settings ? settings.SqlitePath : "";
        }
        catch (DurableTask.HostJsonException)
        {
            return null;
        }

        if (path.Length == 0 || !File.Exists(path))
        {
            return null;
        }

        await using var engine = await LocalEngine.OpenAsync(path, startWorker: false);
        return await engine.Client.GetInstanceAsync(id) is null ? null : path;
    }

    /// <summary>Runs <paramref name="operation"/> on the instance in the store; exit 1 when the store does not hold
    /// it or it has already ended.</summary>
    /// <param name="verb">The command's name, for the message when there is nothing to do.</param>
    /// <param name="done">What is printed when the operation was written.</param>
    public static async Task<int> SendLocalAsync(string store, string id, string verb, Func<DurableTaskClient, Task> operation, string done, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(error);
        await using var engine = await LocalEngine.OpenAsync(store, startWorker: false);
        var metadata = await engine.Client.GetInstanceAsync(id);
        if (metadata is null)
        {
            error.WriteLine($"loopfn: no instance with id '{id}' in the store {engine.StorePath}");
            return ExitCodes.Error;
        }

        if (metadata.IsCompleted)
        {
            error.WriteLine($"loopfn: {id} has already ended ({metadata.RuntimeStatus}); nothing to {verb}");
            return ExitCodes.Error;
        }

        await operation(engine.Client);
        error.WriteLine($"{done} (store {engine.StorePath})");
        return ExitCodes.Success;
    }
}
