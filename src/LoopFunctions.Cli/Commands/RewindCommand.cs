using System.CommandLine;
using LoopFunctions.Cli.Remote;
using LoopFunctions.Cli.Terminal;
using LoopFunctions.Loops.Budget;
using LoopFunctions.Loops.Orchestration;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn rewind &lt;id&gt;</c>: a Failed run runs its failed step again and carries on, its completed
/// steps kept. On the local store this process runs it to its end, with live progress, as <c>loopfn run</c> does; on a
/// host the host runs it.</summary>
internal sealed class RewindCommand : Command
{
    private readonly Argument<string> _id = CliOptions.InstanceId();
    private readonly Option<string?> _reason = CliOptions.Text("--reason", "TEXT", "Why; recorded in the run's history");
    private readonly Option<bool> _json = CliOptions.Json("On the local store: print the result as one line of JSON on stdout");
    private readonly InstanceTarget _target = new();

    public RewindCommand(CliTerminal terminal)
        : base("rewind", "Run a Failed run's failed step again and carry on to its end")
    {
        Arguments.Add(_id);
        Options.Add(_reason);
        Options.Add(_json);
        _target.AddTo(this);
        SetAction(async (parse, _) =>
        {
            var (output, error) = parse.Writers();
            var id = parse.GetValue(_id)!;
            var reason = parse.GetValue(_reason) ?? "loopfn rewind";
            if (await _target.StoreForAsync(parse, id) is { } store)
            {
                var json = parse.GetValue(_json);
                return await RewindLocalAsync(store, id, reason, json, output, error, json ? null : terminal.Error);
            }

            using var host = _target.Host.Client(parse);
            await host.SendAsync(HttpMethod.Post, host.InstanceUrl(id, "rewind") + HostClient.Query(("reason", reason)));
            error.WriteLine($"rewind sent to {id}; follow it with: loopfn wait {id}");
            return ExitCodes.Success;
        });
    }

    private static async Task<int> RewindLocalAsync(string store, string id, string reason, bool json, TextWriter output, TextWriter error, Spectre.Console.IAnsiConsole? live)
    {
        await using var engine = await LocalEngine.OpenAsync(store, startWorker: true);
        var before = await engine.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        if (before is null)
        {
            error.WriteLine($"loopfn: no instance with id '{id}' in the store {engine.StorePath}");
            return ExitCodes.Error;
        }

        if (before.RuntimeStatus != OrchestrationRuntimeStatus.Failed)
        {
            error.WriteLine($"loopfn: {id} is {before.RuntimeStatus}; only a Failed run can be rewound");
            return ExitCodes.Error;
        }

        // Its holds first: the rewound agent step then reserves again instead of running under a hold that is stale.
        await BudgetPools.ReleaseRunAsync(engine.Client, id);
        engine.KillLeftovers(id, runEnded: false);
        await engine.Client.RewindInstanceAsync(id, reason);
        error.WriteLine($"{id}: rewound; running the failed step again (store {engine.StorePath})");
        // The status reads Failed until the engine has taken the rewind: wait for that before watching for the end.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (await engine.Client.GetInstanceAsync(id) is { RuntimeStatus: OrchestrationRuntimeStatus.Failed } now
            && now.LastUpdatedAt <= before.LastUpdatedAt)
        {
            if (DateTime.UtcNow > deadline)
            {
                error.WriteLine($"loopfn: the store did not take the rewind of {id} within 2 minutes");
                return ExitCodes.Error;
            }

            await Task.Delay(100);
        }

        // The plain lines are the status changes only, as before; a live view has room for the transcript too.
        var loop = before.ReadInputAs<LoopRunInput>()?.LoopName ?? id;
        var result = await RunWatch.WatchAsync(engine, id, loop, null, error, live, quiet: live is null, CancellationToken.None);
        engine.KillLeftovers(id, runEnded: result.IsCompleted);
        return RunCommand.Report(result, json, output, error);
    }
}
