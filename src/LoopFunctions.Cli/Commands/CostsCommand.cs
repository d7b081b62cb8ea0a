using System.Text.Json;
using LoopFunctions.Loops.Ledger;
using LoopFunctions.Loops.Orchestration;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn costs</c>: cost versus outcome per loop, read from the ended runs in the store (Completed and
/// Failed), and per loop and model from the Completed runs' iterations (a Failed run's status has no per-iteration
/// models). <c>--json</c> prints <c>{"loops": [...], "models": [...]}</c>.</summary>
internal static class CostsCommand
{
    public static async Task<int> RunAsync(CommandLine line, TextWriter output, TextWriter error)
    {
        var store = line.Option("store");
        var json = line.Flag("json");
        line.EnsureAllRead();
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

        output.Write(CostReport.Table(rows));
        output.WriteLine();
        output.WriteLine("by model (cost per verified run: everything spent on the model / the runs it finished)");
        output.Write(CostReport.ModelTable(models));
        return ExitCodes.Success;
    }
}
