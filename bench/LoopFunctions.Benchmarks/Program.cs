using System.Globalization;
using LoopFunctions.Benchmarks;
using LoopFunctions.Benchmarks.Azure;
using LoopFunctions.Benchmarks.Scenarios;

// dotnet run -c Release --project bench/LoopFunctions.Benchmarks -- <scenario|all> [--provider sqlite|azure]
//     [--workers N] [--n N] [--runs R] [--sessions on|off] [--handoff on|off] [--poll-max-ms N] [--partitions blob|table]
//     [--sync normal|full] [--orchestration-slots N] [--fetch-loops N] [--guard FILE.jsonl] [--tolerance 0.15] [--max-gap SECONDS]
// Microsoft.DurableTask orchestrators and activities on DTFx's TaskHubWorker through the LoopFunctions.DurableTask
// glue. Prints one JSON line per run. Timings are never asserted; compare medians and ratios within one session.
// azure: DurableTask.AzureStorage on the account in AzureWebJobsStorage, else on an Azurite started (and stopped)
// here; the workers are N child processes (this program's "worker" mode) and this process is only the client.
if (args is ["worker", var workerScenario, var workerHub, var workerSessions, var workerPoll, var workerPartitions])
{
    return await WorkerPool.RunWorkerAsync(workerScenario, workerHub, workerSessions, workerPoll, workerPartitions);
}

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine(BenchOptions.Usage + $"\nscenarios: {string.Join(", ", ScenarioCatalog.All.Keys)}, all");
    return args.Length == 0 ? 2 : 0;
}

if (BenchOptions.Parse(args[1..]) is not { } options)
{
    return 2;
}

var selected = args[0] == "all" ? ScenarioCatalog.All.Keys.ToList() : [args[0]];
if (selected.FirstOrDefault(s => !ScenarioCatalog.All.ContainsKey(s)) is { } unknown)
{
    Console.Error.WriteLine($"unknown scenario '{unknown}'; known: {string.Join(", ", ScenarioCatalog.All.Keys)}");
    return 2;
}

if (options.IsAzure)
{
    options.AzureConnectionString = Environment.GetEnvironmentVariable("AzureWebJobsStorage");
    if (string.IsNullOrEmpty(options.AzureConnectionString))
    {
        options.Azurite = await AzuriteLauncher.StartAsync();
        options.AzureConnectionString = options.Azurite.ConnectionString;
    }
}

var printed = new List<string>();
var stalled = false;
try
{
    foreach (var name in selected)
    {
        var scenario = ScenarioCatalog.All[name];
        for (var run = 0; run < options.Runs; run++)
        {
            var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[0] : null;
            var result = await scenario.Run(options, options.N ?? (options.IsAzure ? scenario.AzureN : scenario.SqliteN));
            result.Extra["run"] = run + 1;
            result.Extra["workers"] = options.Workers;
            result.Extra["workers_mode"] = options.IsAzure ? "processes" : "in-process";
            result.Extra["sessions"] = options.SessionsText;
            result.Extra["poll_max_ms"] = options.PollMaxMs;
            if (options.IsAzure)
            {
                result.Extra["storage"] = options.Azurite is null ? "AzureWebJobsStorage" : "azurite";
                result.Extra["partitions"] = options.Partitions;
            }
            else
            {
                result.Extra["handoff"] = options.Handoff ? "on" : "off";
                result.Extra["sync"] = options.Sync;
                result.Extra["orchestration_slots"] = options.OrchestrationSlots;
                result.Extra["fetch_loops"] = options.FetchLoops;
            }

            result.Extra["load1_before"] = load is null ? null : double.Parse(load, CultureInfo.InvariantCulture);
            result.Extra["at"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            if (options.MaxGapSeconds is { } bound && result.Extra.TryGetValue("max_gap_s", out var gap) && gap is double longest)
            {
                result.Extra["stalled"] = longest > bound;
                stalled |= longest > bound;
            }

            var line = result.ToJson();
            printed.Add(line);
            Console.WriteLine(line);
        }
    }
}
finally
{
    if (options.Azurite is not null)
    {
        await options.Azurite.DisposeAsync();
    }
}

// A regression is exit code 3 and a stall past --max-gap 4, so a script (or CI) can stop on them; the lines are
// recorded either way.
var regressed = options.GuardFile is not null && !RegressionGuard.Check(options.GuardFile, printed, options.Tolerance);
return stalled ? 4 : regressed ? 3 : 0;
