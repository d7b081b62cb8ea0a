using System.Globalization;
using System.Text.Json;
using LoopFunctions.AgentBench;
using LoopFunctions.Loops.Tests.Agents.ModelServers;

// dotnet run -c Release --project bench/LoopFunctions.AgentBench -- [claude|codex|gemini|opencode|all] [--runs R]
// Runs `loopfn run` on the calculator repository with a real coding CLI (from ./test.sh's .tools/agents) against the
// model server of its wire API: iteration 1 leaves notes, iteration 2 resumes the session and fixes the bug. One JSON
// line per iteration: the iteration's wall time, the CLI's own time (a wrapper stamps its start and end), the CLI's
// startup to its first model request and its tail after the last, the check's own time, and what is left: the loop's
// overhead (reset, sandbox and proxy start, change detection, guard, checkout, commit, the engine's turns).
//
// dotnet run -c Release --project bench/LoopFunctions.AgentBench -- attempts [--runs R] [--kind claude] [--p 0.35,0.8]
//   [--seed S] [--max-iterations N]
// What parallel attempts cost and buy: runs the same calculator loop with `agent.attempts: 1` and `3` (alternating
// which goes first), the stub model writing the right fix in each agent step with probability p and a wrong one
// otherwise (seeded draws, the same sequence for both arms of run k). One JSON line per run (verified, iterations, wall
// time, tokens and cost as the loop recorded them, agent steps, each attempt's verdict); a summary per (p, attempts).
if (args.Length > 0 && args[0] == "attempts")
{
    return await AttemptsBench.RunAsync(args[1..]);
}

var kinds = args.Length > 0 && !args[0].StartsWith('-') && args[0] != "all" ? [args[0]] : new[] { "claude", "codex", "gemini", "opencode" };
var runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(3);
var summary = new Dictionary<string, List<IterationTiming>>();
foreach (var kind in kinds)
{
    summary[kind] = [];
    for (var run = 0; run < runs; run++)
    {
        foreach (var timing in await OverheadRun.RunAsync(kind, run))
        {
            Console.WriteLine(JsonSerializer.Serialize(timing, OverheadRun.Json));
            summary[kind].Add(timing);
        }
    }
}

foreach (var (kind, timings) in summary)
{
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{kind}: median over {timings.Count} iterations: iteration {Median(timings, t => t.IterationMs):0} ms = CLI {Median(timings, t => t.CliMs):0} ms (startup to first model request {Median(timings, t => t.CliStartupMs):0}, after the last {Median(timings, t => t.CliTailMs):0}) + check {Median(timings, t => t.CheckMs):0} ms + loop overhead {Median(timings, t => t.LoopOverheadMs):0} ms"));
}

return 0;

static double Median(List<IterationTiming> values, Func<IterationTiming, double> pick)
{
    var sorted = values.Select(pick).Order().ToArray();
    return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}
