using System.Text.Json;
using LoopFunctions.Loops.Ledger;
using LoopFunctions.Loops.Orchestration;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn costs</c>: cost versus outcome per loop, and per loop and model, read from the finished runs in
/// the store. <c>--json</c> prints <c>{"loops": [...], "models": [...]}</c>.</summary>
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
        var results = new List<LoopResult>();
        var query = new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Completed], PageSize: 500, FetchInputsAndOutputs: true);
        await foreach (var instance in engine.Client.GetAllInstancesAsync(query))
        {
            if (instance.Name.Equals(LoopActivityNames.Orchestrator, StringComparison.OrdinalIgnoreCase) && instance.ReadOutputAs<LoopResult>() is { } result)
            {
                results.Add(result);
            }
        }

        var rows = CostReport.Summarise(results);
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
