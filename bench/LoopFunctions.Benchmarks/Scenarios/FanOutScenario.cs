using System.Diagnostics;
using LoopFunctions.Durable;

namespace LoopFunctions.Benchmarks.Scenarios;

/// <summary>One instance that schedules n no-op activities at once and waits for all of them.</summary>
internal static class FanOutScenario
{
    public static void Register(DurableTaskRegistry registry) => registry
        .AddActivityFunc<int, int>("Noop", (_, i) => i)
        .AddOrchestratorFunc<int, long>("FanOut", async (ctx, count) =>
        {
            var results = await Task.WhenAll(Enumerable.Range(0, count).Select(i => ctx.CallActivityAsync<int>("Noop", i)));
            return results.Sum(x => (long)x);
        });

    public static async Task<BenchResult> RunAsync(string provider, int n)
    {
        await using var bench = await BenchContext.StartAsync(provider, Register, "fanout");

        var started = Stopwatch.GetTimestamp();
        var id = await bench.Client.ScheduleNewOrchestrationInstanceAsync("FanOut", n);
        var result = await bench.WaitAsync(id);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (result.ReadOutputAs<long>() != (long)n * (n - 1) / 2)
        {
            throw new InvalidOperationException($"fan-out returned {result.SerializedOutput}: {result.FailureDetails}");
        }

        return new BenchResult("fanout", provider, n, Math.Round(seconds, 3), Math.Round(n / seconds, 1), null, null, BenchContext.RssMegabytes());
    }
}
