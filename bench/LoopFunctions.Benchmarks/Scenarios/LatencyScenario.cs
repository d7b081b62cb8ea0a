using System.Diagnostics;
using LoopFunctions.Benchmarks.Hosting;
using Microsoft.DurableTask;

namespace LoopFunctions.Benchmarks.Scenarios;

/// <summary>n starts one after another, each with one activity: the time from the start call returning to the
/// activity running (what a person pressing "start" waits for). Each run waits for its instance to finish before the
/// next start, so the system is idle at every start.</summary>
internal static class LatencyScenario
{
    public static readonly Scenario Definition = new("latency", 500, 50, Register, RunAsync);

    private static void Register(DurableTaskRegistry registry) => registry
        .AddActivityFunc<long>("Touch", _ => Stopwatch.GetTimestamp())
        .AddOrchestratorFunc<long>("OneActivity", ctx => ctx.CallActivityAsync<long>("Touch"));

    private static async Task<BenchResult> RunAsync(BenchOptions options, int n)
    {
        await using var bench = await BenchContext.StartAsync(options, Definition);
        await MeasureAsync(bench, Math.Min(n, 20));

        var cpu = bench.MarkCpu();
        var started = Stopwatch.GetTimestamp();
        var latencies = await MeasureAsync(bench, n);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var line = new BenchResult("latency", options.Provider, n, Math.Round(seconds, 3), Math.Round(n / seconds, 1),
            BenchResult.Percentile(latencies, 50), BenchResult.Percentile(latencies, 99), bench.WorkerRssMegabytes());
        return bench.WithCpu(line, cpu, n);
    }

    private static async Task<List<double>> MeasureAsync(BenchContext bench, int n)
    {
        var latencies = new List<double>(n);
        for (var i = 0; i < n; i++)
        {
            var id = await bench.Client.ScheduleNewOrchestrationInstanceAsync("OneActivity");
            var scheduled = Stopwatch.GetTimestamp();
            var touched = (await bench.WaitAsync(id)).ReadOutputAs<long>();
            latencies.Add(Stopwatch.GetElapsedTime(scheduled, touched).TotalMilliseconds);
        }

        return latencies;
    }
}
