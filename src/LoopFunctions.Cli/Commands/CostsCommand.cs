using System.CommandLine;
using System.Text.Json;
using LoopFunctions.Cli.Terminal;
using LoopFunctions.Loops.Ledger;
using LoopFunctions.Loops.Orchestration;
using Microsoft.DurableTask.Client;
using Spectre.Console;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn costs</c>: cost versus outcome per loop, read from the ended runs in the store (Completed and
/// Failed), and per loop and model from the Completed runs' iterations (a Failed run's status has no per-iteration
/// models). <c>--json</c> prints <c>{"loops": [...], "models": [...]}</c>.</summary>
internal sealed class CostsCommand : Command
{
    private readonly Option<string?> _store = CliOptions.Store();
    private readonly Option<bool> _json = CliOptions.Json("Print {\"loops\": [...], \"models\": [...]} instead of the tables");

    public CostsCommand(CliTerminal terminal)
        : base("costs", "Cost versus outcome per loop, and per loop and model, from the ended runs in the store")
    {
        Options.Add(_store);
        Options.Add(_json);
        SetAction((parse, _) =>
        {
            var (output, error) = parse.Writers();
            return RunAsync(parse.GetValue(_store), parse.GetValue(_json), output, error, terminal);
        });
    }

    private static async Task<int> RunAsync(string? store, bool json, TextWriter output, TextWriter error, CliTerminal terminal)
    {
        if (store is not null && !File.Exists(store))
        {
            error.WriteLine($"loopfn: no store at '{store}' (run a loop first, or pass --store)");
            return ExitCodes.Error;
        }

        await using var engine = await LocalEngine.OpenAsync(store, startWorker: false);
        var runs = new List<CostReport.Run>();
        var results = new List<LoopResult>();
        var query = new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed], PageSize: 500, FetchInputsAndOutputs: true);
        await foreach (var instance in engine.Client.GetAllInstancesAsync(query))
        {
            if (!instance.Name.Equals(LoopActivityNames.Orchestrator, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // A loop that failed for an infrastructure reason is a Failed orchestration: no result, but its custom
            // status still holds the loop, the iteration and the spend so far.
            if (instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed && instance.ReadOutputAs<LoopResult>() is { } result)
            {
                runs.Add(CostReport.Run.From(result));
                results.Add(result);
            }
            else if (instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed && instance.ReadCustomStatusAs<LoopStatus>() is { } status)
            {
                runs.Add(CostReport.Run.Failed(status));
            }
        }

        var rows = CostReport.Summarise(runs);
        var models = ModelCosts.Summarise(results);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new { loops = rows, models }, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
            return ExitCodes.Success;
        }

        const string ByModel = "by model (cost per verified run: everything spent on the model / the runs it finished)";
        if (terminal.Output is { } console)
        {
            console.Write(CliTables.Loops(rows));
            console.WriteLine();
            console.Write(new Text(ByModel + Environment.NewLine));
            console.Write(CliTables.Models(models));
            return ExitCodes.Success;
        }

        output.Write(CostReport.Table(rows));
        output.WriteLine();
        output.WriteLine(ByModel);
        output.Write(CostReport.ModelTable(models));
        return ExitCodes.Success;
    }
}
