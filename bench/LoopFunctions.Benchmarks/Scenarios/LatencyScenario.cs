using System.Collections.Concurrent;
using System.Diagnostics;
using LoopFunctions.Durable;

namespace LoopFunctions.Benchmarks.Scenarios;

/// <summary>n starts one after another, each with one activity: the time from the schedule call returning to the
/// activity starting, which is what a person pressing "start" waits for.</summary>
internal static class LatencyScenario
{
    public static async Task<BenchResult> RunAsync(string provider, int n)
    {
        var activityStarted = new ConcurrentDictionary<string, long>();
        var done = new ConcurrentDictionary<string, TaskCompletionSource>();
        await using var bench = await BenchContext.StartAsync(provider, r => r
            .AddActivityFunc<string, string>("Touch", (ctx, _) =>
            {
                activityStarted[ctx.InstanceId] = Stopwatch.GetTimestamp();
                done[ctx.InstanceId].TrySetResult();
                return "ok";
            })
            .AddOrchestratorFunc<string>("OneActivity", ctx => ctx.CallActivityAsync<string>("Touch")));

        var latencies = new List<double>(n);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < n; i++)
        {
            var id = $"latency-{i}";
            done[id] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await bench.Client.ScheduleNewOrchestrationInstanceAsync("OneActivity", null, new StartOrchestrationOptions(id));
            var scheduled = Stopwatch.GetTimestamp();
            await done[id].Task.WaitAsync(TimeSpan.FromSeconds(30));
            latencies.Add(Stopwatch.GetElapsedTime(scheduled, activityStarted[id]).TotalMilliseconds);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new BenchResult("latency", provider, n, Math.Round(seconds, 3), Math.Round(n / seconds, 1), BenchResult.Percentile(latencies, 50), BenchResult.Percentile(latencies, 99), BenchContext.RssMegabytes());
    }
}
