using System.Globalization;
using System.Text.Json;

namespace LoopFunctions.AgentBench;

/// <summary>The attempts mode: for each success rate p, runs k = 0..R-1 of <c>agent.attempts: 1</c> and <c>3</c>,
/// alternating which arm goes first run by run so both see the same machine load; one JSON line per run on stdout and
/// a summary per (p, arm) on stderr.</summary>
internal static class AttemptsBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = int.Parse(Option(args, "--runs") ?? "8", CultureInfo.InvariantCulture);
        var kind = Option(args, "--kind") ?? "claude";
        var rates = (Option(args, "--p") ?? "0.35,0.8").Split(',').Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToList();
        var seed = int.Parse(Option(args, "--seed") ?? "1", CultureInfo.InvariantCulture);
        var maxIterations = int.Parse(Option(args, "--max-iterations") ?? "5", CultureInfo.InvariantCulture);
        var all = new List<AttemptsTiming>();
        foreach (var p in rates)
        {
            for (var run = 0; run < runs; run++)
            {
                int[] arms = run % 2 == 0 ? [1, 3] : [3, 1];
                foreach (var attempts in arms)
                {
                    var timing = await AttemptsRun.RunAsync(kind, attempts, p, seed + run, run, maxIterations);
                    Console.WriteLine(JsonSerializer.Serialize(timing, OverheadRun.Json));
                    all.Add(timing);
                }
            }
        }

        Console.Error.WriteLine($"{kind}, max_iterations {maxIterations}, {runs} runs per arm; per (p, attempts):");
        foreach (var group in all.GroupBy(t => (t.P, t.Attempts)).OrderBy(g => g.Key))
        {
            var verified = group.Where(t => t.Verified).ToList();
            var cost = group.Sum(t => t.CostUsd);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"p {group.Key.P:0.00} attempts {group.Key.Attempts}: verified {verified.Count}/{group.Count()}, median time to Verified {Median(verified.Select(t => t.WallMs)) / 1000:0.0} s, cost per verified run {(verified.Count == 0 ? "n/a" : (cost / verified.Count).ToString("$0.000", CultureInfo.InvariantCulture))} (all runs ${cost:0.000}), median iterations {Median(group.Select(t => (double)t.Iterations)):0.#}, median agent steps {Median(group.Select(t => (double)t.AttemptsRun)):0.#}, odd {group.Sum(t => t.Odd.Count)}"));
        }

        return 0;
    }

    private static string? Option(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
