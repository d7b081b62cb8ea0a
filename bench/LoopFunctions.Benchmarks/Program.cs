using LoopFunctions.Benchmarks;
using LoopFunctions.Benchmarks.Scenarios;

// dotnet run -c Release --project bench/LoopFunctions.Benchmarks -- <scenario|all> [--provider sqlite|inmemory] [--n N] [--runs R]
// Prints one JSON line per run. Timings are never asserted; compare medians and ratios within one session.
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
    Console.Error.WriteLine($"usage: <{string.Join('|', scenarios.Keys)}|all> [--provider sqlite|inmemory] [--n N] [--runs R]");
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
foreach (var name in selected)
{
    if (!scenarios.TryGetValue(name, out var scenario))
    {
        Console.Error.WriteLine($"unknown scenario '{name}'; known: {string.Join(", ", scenarios.Keys)}");
        return 2;
    }

    for (var run = 0; run < runs; run++)
    {
        var result = await scenario.Run(provider, n ?? scenario.DefaultN);
        Console.WriteLine(result.ToJson());
    }
}

return 0;
