using System.Diagnostics;
using LoopFunctions.Benchmarks.Hosting;
using Microsoft.DurableTask;

namespace LoopFunctions.Benchmarks.Scenarios;

/// <summary>One instance, n sequential activities. Each activity returns the monotonic clock when it ran and the
/// orchestrator returns them all, so step times are measured where the worker runs (in a worker process too).
/// <c>growth</c> is the mean step time of the last 10% of the steps over the first 10% (the first step, which
/// includes the start, left out): near 1 when the cost per step does not grow with the history.</summary>
internal static class SequentialScenario
{
    public static readonly Scenario Definition = new("sequential", 1_000, 200, Register, RunAsync);

    private static void Register(DurableTaskRegistry registry) => registry
        .AddActivityFunc<int, long>("Stamp", (_, _) => Stopwatch.GetTimestamp())
        .AddOrchestratorFunc<int, long[]>("Sequential", async (ctx, count) =>
        {
            var stamps = new long[count];
            for (var i = 0; i < count; i++)
            {
                stamps[i] = await ctx.CallActivityAsync<long>("Stamp", i);
            }

            return stamps;
        });

    private static async Task<BenchResult> RunAsync(BenchOptions options, int n)
    {
        await using var bench = await BenchContext.StartAsync(options, Definition);

        // Warm up the JIT, the provider's statement caches and (Azure) the partition leases, so the first 10% of
        // the steps measure the engine, not start-up.
        await bench.WaitAsync(await bench.Client.ScheduleNewOrchestrationInstanceAsync("Sequential", Math.Min(n, 100)));

        var cpu = bench.MarkCpu();
        var started = Stopwatch.GetTimestamp();
        var result = await bench.WaitAsync(await bench.Client.ScheduleNewOrchestrationInstanceAsync("Sequential", n));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var stamps = result.ReadOutputAs<long[]>() ?? throw new InvalidOperationException("no output");
        var steps = stamps.Select((at, i) => Stopwatch.GetElapsedTime(i == 0 ? started : stamps[i - 1], at).TotalMilliseconds).ToList();
        var window = Math.Max(1, n / 10);
        var growth = steps.TakeLast(window).Average() / steps.Skip(1).Take(window).Average();
        var line = new BenchResult("sequential", options.Provider, n, Math.Round(seconds, 3), Math.Round(n / seconds, 1),
            BenchResult.Percentile(steps, 50), BenchResult.Percentile(steps, 99), bench.WorkerRssMegabytes())
        {
            Extra = { ["growth"] = Math.Round(growth, 3) },
        };
        return bench.WithCpu(line, cpu, n);
    }
}
