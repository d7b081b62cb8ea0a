using System.Collections.Concurrent;
using System.Diagnostics;
using LoopFunctions.Durable;

namespace LoopFunctions.Benchmarks.Scenarios;

/// <summary>n instances of five sequential activities each, all started at once; p50/p99 are per-instance durations
/// (measured in this process; with worker processes, the store's created-to-last-updated time).</summary>
internal static class Hello5Scenario
{
    public static void Register(DurableTaskRegistry registry, ConcurrentDictionary<string, long>? finished) => registry
        .AddActivityFunc<string, string>("SayHello", (_, city) => "Hello " + city)
        .AddActivityFunc<string, string>("Done", (ctx, _) =>
        {
            finished?.TryAdd(ctx.InstanceId, Stopwatch.GetTimestamp());
            return "done";
        })
        .AddOrchestratorFunc<string>("Hello5", async ctx =>
        {
            foreach (var city in new[] { "Tokyo", "Seattle", "London", "Cairo" })
            {
                await ctx.CallActivityAsync<string>("SayHello", city);
            }

            return await ctx.CallActivityAsync<string>("Done");
        });

    public static async Task<BenchResult> RunAsync(string provider, int n)
    {
        var finished = new ConcurrentDictionary<string, long>();
        await using var bench = await BenchContext.StartAsync(provider, r => Register(r, finished), "hello5");

        var started = Stopwatch.GetTimestamp();
        var ids = new List<(string Id, long At)>(n);
        for (var i = 0; i < n; i++)
        {
            ids.Add((await bench.Client.ScheduleNewOrchestrationInstanceAsync("Hello5"), Stopwatch.GetTimestamp()));
        }

        var durations = new List<double>(n);
        foreach (var (id, at) in ids)
        {
            var result = await bench.WaitAsync(id);
            if (result.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                throw new InvalidOperationException($"{id} is {result.RuntimeStatus}: {result.FailureDetails}");
            }

            durations.Add(finished.TryGetValue(id, out var done)
                ? Stopwatch.GetElapsedTime(at, done).TotalMilliseconds
                : (result.LastUpdatedAt - result.CreatedAt).TotalMilliseconds);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new BenchResult("hello5", provider, n, Math.Round(seconds, 3), Math.Round(n / seconds, 1), BenchResult.Percentile(durations, 50), BenchResult.Percentile(durations, 99), BenchContext.RssMegabytes());
    }
}
