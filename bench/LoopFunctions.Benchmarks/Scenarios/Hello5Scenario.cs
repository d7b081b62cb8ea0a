using System.Diagnostics;
using LoopFunctions.Benchmarks.Hosting;
using Microsoft.DurableTask;

namespace LoopFunctions.Benchmarks.Scenarios;

/// <summary>n instances of five sequential activities each, all started, then all awaited. p50/p99 are per-instance
/// durations: from the start call returning to the fifth activity running (its monotonic clock is the output, so
/// this holds across processes on one machine).</summary>
internal static class Hello5Scenario
{
    public static readonly Scenario Definition = new("hello5", 2_000, 200, Register, RunAsync);

    private static readonly string[] Cities = ["Tokyo", "Seattle", "London", "Cairo"];

    private static void Register(DurableTaskRegistry registry) => registry
        .AddActivityFunc<string, string>("SayHello", (_, city) => "Hello " + city)
        .AddActivityFunc<long>("Done", _ => Stopwatch.GetTimestamp())
        .AddOrchestratorFunc<long>("Hello5", async ctx =>
        {
            foreach (var city in Cities)
            {
                await ctx.CallActivityAsync<string>("SayHello", city);
            }

            return await ctx.CallActivityAsync<long>("Done");
        });

    private static async Task<BenchResult> RunAsync(BenchOptions options, int n)
    {
        await using var bench = await BenchContext.StartAsync(options, Definition);
        _ = await RunBatchAsync(bench, Math.Max(1, n / 10));

        var cpu = bench.MarkCpu();
        var started = Stopwatch.GetTimestamp();
        var (durations, finished) = await RunBatchAsync(bench, n);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var line = new BenchResult("hello5", options.Provider, n, Math.Round(seconds, 3), Math.Round(n / seconds, 1),
            BenchResult.Percentile(durations, 50), BenchResult.Percentile(durations, 99), bench.WorkerRssMegabytes());

        // The longest stretch in which no instance finished: a stall (a partition move, a lapsed lease) shows here.
        var times = finished.Prepend(started).Order().ToList();
        line.Extra["max_gap_s"] = Math.Round(times.Zip(times.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b).TotalSeconds).Max(), 2);
        return bench.WithCpu(line, cpu, 5L * n);
    }

    /// <summary>The per-instance durations and the instances' finishing timestamps.</summary>
    private static async Task<(List<double> Durations, List<long> Finished)> RunBatchAsync(BenchContext bench, int n)
    {
        // Started concurrently, as the peers' harness does (its README: "N workflows x 5 steps, started concurrently"):
        // awaiting each start before the next would put one commit's round trip per instance on the clock.
        var ids = await Task.WhenAll(Enumerable.Range(0, n).Select(async _ =>
        {
            var at = Stopwatch.GetTimestamp();
            return (Id: await bench.Client.ScheduleNewOrchestrationInstanceAsync("Hello5"), At: at);
        }));

        var durations = new List<double>(n);
        var finished = new List<long>(n);
        foreach (var (id, at) in ids)
        {
            var done = (await bench.WaitAsync(id)).ReadOutputAs<long>();
            durations.Add(Stopwatch.GetElapsedTime(at, done).TotalMilliseconds);
            finished.Add(done);
        }

        return (durations, finished);
    }
}
