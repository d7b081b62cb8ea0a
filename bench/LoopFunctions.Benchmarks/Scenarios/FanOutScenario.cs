using System.Diagnostics;
using LoopFunctions.Benchmarks.Hosting;
using Microsoft.DurableTask;

namespace LoopFunctions.Benchmarks.Scenarios;

/// <summary>One instance that schedules n no-op activities at once and waits for all of them.</summary>
internal static class FanOutScenario
{
    public static readonly Scenario Definition = new("fanout", 10_000, 2_000, Register, RunAsync);

    private static void Register(DurableTaskRegistry registry) => registry
        .AddActivityFunc<int, int>("Noop", (_, i) => i)
        .AddOrchestratorFunc<int, long>("FanOut", async (ctx, count) =>
        {
            var results = await Task.WhenAll(Enumerable.Range(0, count).Select(i => ctx.CallActivityAsync<int>("Noop", i)));
            return results.Sum(x => (long)x);
        });

    private static async Task<BenchResult> RunAsync(BenchOptions options, int n)
    {
        await using var bench = await BenchContext.StartAsync(options, Definition);
        var warm = Math.Max(1, n / 10);
        await bench.WaitAsync(await bench.Client.ScheduleNewOrchestrationInstanceAsync("FanOut", warm));

        var cpu = bench.MarkCpu();
        var started = Stopwatch.GetTimestamp();
        var result = await bench.WaitAsync(await bench.Client.ScheduleNewOrchestrationInstanceAsync("FanOut", n));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (result.ReadOutputAs<long>() != (long)n * (n - 1) / 2)
        {
            throw new InvalidOperationException($"fan-out returned {result.SerializedOutput}");
        }

        var line = new BenchResult("fanout", options.Provider, n, Math.Round(seconds, 3), Math.Round(n / seconds, 1), null, null, bench.WorkerRssMegabytes());
        return bench.WithCpu(line, cpu, n);
    }
}
