using System.Diagnostics;
using LoopFunctions.Durable;

namespace LoopFunctions.Benchmarks.Scenarios;

/// <summary>One instance, n sequential no-op activities. <c>growth</c> is the mean step time of the last 100 steps
/// over the first 100: near 1 when the cost per step does not grow with the history.</summary>
internal static class SequentialScenario
{
    public static async Task<BenchResult> RunAsync(string provider, int n)
    {
        var stamps = new long[n + 1];
        await using var bench = await BenchContext.StartAsync(provider, r => r
            .AddActivityFunc<int, int>("Noop", (_, i) =>
            {
                stamps[i] = Stopwatch.GetTimestamp();
                return i;
            })
            .AddOrchestratorFunc<int, int>("Sequential", async (ctx, count) =>
            {
                for (var i = 1; i <= count; i++)
                {
                    await ctx.CallActivityAsync<int>("Noop", i);
                }

                return count;
            }));

        // Warm up the JIT and the store's statement caches so "first 100 steps" measures the engine, not start-up.
        await bench.WaitAsync(await bench.Client.ScheduleNewOrchestrationInstanceAsync("Sequential", Math.Min(n, 100)));

        var started = Stopwatch.GetTimestamp();
        stamps[0] = started;
        var id = await bench.Client.ScheduleNewOrchestrationInstanceAsync("Sequential", n);
        await bench.WaitAsync(id);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var steps = Enumerable.Range(1, n).Select(i => Stopwatch.GetElapsedTime(stamps[i - 1], stamps[i]).TotalMilliseconds).ToList();
        var window = Math.Min(100, n / 2);
        var growth = steps.TakeLast(window).Average() / steps.Skip(1).Take(window).Average();
        return new BenchResult("sequential", provider, n, Math.Round(seconds, 3), Math.Round(n / seconds, 1), BenchResult.Percentile(steps, 50), BenchResult.Percentile(steps, 99), BenchContext.RssMegabytes())
        {
            Extra = { ["growth"] = Math.Round(growth, 3) },
        };
    }
}
