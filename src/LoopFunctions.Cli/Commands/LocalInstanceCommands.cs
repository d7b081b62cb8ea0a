using System.Text.Json;
using System.Text.Json.Nodes;
using LoopFunctions.DurableTask.Configuration;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn approve|raise|terminate|suspend|resume</c> on the embedded store, without a host, as
/// <c>loopfn run</c> itself works: the command opens the store as a client only and writes the event or the
/// operation there; the process running the loop (<c>loopfn run</c> or <c>loopfn serve</c> on the same file) picks
/// it up. The SQLite store is made for several processes on one file (one writer at a time, with a busy timeout).</summary>
internal static class LocalInstanceCommands
{
    public static readonly string[] Names = ["approve", "raise", "terminate", "suspend", "resume"];

    /// <summary>The store the command goes to, or null for the host: <c>--store PATH</c>; else, when no host is named
    /// (<c>--host</c>, <c>LOOPFN_HOST</c>), the default store of this folder when it exists and holds the instance.</summary>
    /// <exception cref="UsageException">Both <c>--store</c> and <c>--host</c> are given.</exception>
    public static async Task<string?> StoreForAsync(CommandLine line, string command)
    {
        ArgumentNullException.ThrowIfNull(line);
        var store = line.Option("store");
        var hostNamed = line.Option("host") is not null;
        if (store is not null)
        {
            return hostNamed ? throw new UsageException("give --store (the local store) or --host (a running host), not both") : Path.GetFullPath(store);
        }

        if (hostNamed || Environment.GetEnvironmentVariable("LOOPFN_HOST") is { Length: > 0 } || line.Positional.Count == 0)
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
        return await engine.Client.GetInstanceAsync(line.Positional[0]) is null ? null : path;
    }

    public static async Task<int> RunAsync(string command, string store, CommandLine line, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(error);
        string id;
        Func<DurableTaskClient, Task> operation;
        string done;
        switch (command)
        {
            case "approve":
            {
                id = One(line, "approve needs an instance id");
                var decision = new ApprovalDecision(!line.Flag("reject"), line.Option("comment"), line.Option("by") ?? Environment.UserName);
                operation = client => client.RaiseEventAsync(id, LoopActivityNames.ApprovalEvent, decision);
                done = $"{(decision.Approved ? "approved" : "rejected")} {id}";
                break;
            }

            case "raise":
            {
                if (line.Positional.Count != 2)
                {
                    throw new UsageException("raise needs an instance id and an event name");
                }

                id = line.Positional[0];
                var name = line.Positional[1];
                var data = Data(line.Option("data"));
                operation = client => client.RaiseEventAsync(id, name, data);
                done = $"raised {name} on {id}";
                break;
            }

            default:
            {
                id = One(line, $"{command} needs an instance id");
                var reason = line.Option("reason");
                operation = command switch
                {
                    "terminate" => client => client.TerminateInstanceAsync(id, reason),
                    "suspend" => client => client.SuspendInstanceAsync(id, reason),
                    _ => client => client.ResumeInstanceAsync(id, reason),
                };
                done = $"{command} sent to {id}";
                break;
            }
        }

        line.EnsureAllRead();
        await using var engine = await LocalEngine.OpenAsync(store, startWorker: false);
        var metadata = await engine.Client.GetInstanceAsync(id);
        if (metadata is null)
        {
            error.WriteLine($"loopfn: no instance with id '{id}' in the store {engine.StorePath}");
            return ExitCodes.Error;
        }

        if (metadata.IsCompleted)
        {
            error.WriteLine($"loopfn: {id} has already ended ({metadata.RuntimeStatus}); nothing to {command}");
            return ExitCodes.Error;
        }

        await operation(engine.Client);
        error.WriteLine($"{done} (store {engine.StorePath})");
        return ExitCodes.Success;
    }

    private static string One(CommandLine line, string message) =>
        line.Positional.Count == 1 ? line.Positional[0] : throw new UsageException(message);

    private static JsonNode? Data(string? text)
    {
        try
        {
            return text is null ? null : JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new UsageException($"--data is not valid JSON: {ex.Message}");
        }
    }
}
