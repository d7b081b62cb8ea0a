using LoopFunctions.Benchmarks;
using LoopFunctions.Benchmarks.Azure;
using LoopFunctions.Benchmarks.Scenarios;

// dotnet run -c Release --project bench/LoopFunctions.Benchmarks -- <scenario|all> [--provider sqlite|inmemory|azure] [--workers N] [--n N] [--runs R]
// Prints one JSON line per run. Timings are never asserted; compare medians and ratios within one session.
// azure: the account in the environment variable AzureWebJobsStorage, else an Azurite started (and stopped) here;
// hello5 and fanout then run on N worker processes (this program's "worker" mode), each with its own store.
if (args is ["worker", var workerScenario, var workerHub])
{
    return await WorkerPool.RunWorkerAsync(workerScenario, workerHub);
}

var scenarios = new Dictionary<string, (int DefaultN, Func<string, int, Task<BenchResult>> Run)>(StringComparer.Ordinal)
{
    ["sequential"] = (1_000, SequentialScenario.RunAsync),
    ["fanout"] = (10_000, FanOutScenario.RunAsync),
    ["hello5"] = (2_000, Hello5Scenario.RunAsync),
    ["latency"] = (500, LatencyScenario.RunAsync),
    ["idle"] = (10_000, IdleScenario.RunAsync),
    ["sqlite-raw"] = (4_000, (_, n) => SqliteRawScenario.RunAsync(n)),
    ["store-ops"] = (1_000, StoreOpsScenario.RunAsync),
};

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine($"usage: <{string.Join('|', scenarios.Keys)}|all> [--provider sqlite|inmemory|azure] [--workers N] [--n N] [--runs R]");
    return args.Length == 0 ? 2 : 0;
}

string provider = "sqlite";
int? n = null;
var runs = 1;
for (var i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--provider" when i + 1 < args.Length:
            provider = args[++i];
            break;
        case "--n" when i + 1 < args.Length && int.TryParse(args[i + 1], out var parsed) && parsed > 0:
            n = parsed;
            i++;
            break;
        case "--workers" when i + 1 < args.Length && int.TryParse(args[i + 1], out var w) && w > 0:
            BenchSettings.Workers = w;
            i++;
            break;
        case "--runs" when i + 1 < args.Length && int.TryParse(args[i + 1], out var r) && r > 0:
            runs = r;
            i++;
            break;
        default:
            Console.Error.WriteLine($"unknown or incomplete option '{args[i]}'");
            return 2;
    }
}

var selected = args[0] == "all" ? scenarios.Keys.ToList() : [args[0]];
if (selected.FirstOrDefault(s => !scenarios.ContainsKey(s)) is { } unknown)
{
    Console.Error.WriteLine($"unknown scenario '{unknown}'; known: {string.Join(", ", scenarios.Keys)}");
    return 2;
}

AzuriteLauncher? azurite = null;
if (provider == "azure")
{
    BenchSettings.AzureConnectionString = Environment.GetEnvironmentVariable("AzureWebJobsStorage");
    if (string.IsNullOrEmpty(BenchSettings.AzureConnectionString))
    {
        azurite = await AzuriteLauncher.StartAsync();
        BenchSettings.AzureConnectionString = azurite.ConnectionString;
    }
}

try
{
    foreach (var name in selected)
    {
        var scenario = scenarios[name];
        for (var run = 0; run < runs; run++)
        {
            var result = await scenario.Run(provider, n ?? scenario.DefaultN);
            result.Extra["workers"] = BenchSettings.Workers;
            result.Extra["workers_mode"] = BenchContext.WorkersMode(provider, name);
            if (provider == "azure")
            {
                result.Extra["storage"] = azurite is null ? "AzureWebJobsStorage" : "azurite";
            }

            Console.WriteLine(result.ToJson());
        }
    }
}
finally
{
    if (azurite is not null)
    {
        await azurite.DisposeAsync();
    }
}

return 0;
