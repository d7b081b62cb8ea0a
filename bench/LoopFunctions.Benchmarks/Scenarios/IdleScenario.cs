using System.Diagnostics;
using LoopFunctions.Benchmarks.Hosting;
using Microsoft.DurableTask;

namespace LoopFunctions.Benchmarks.Scenarios;

/// <summary>n instances waiting on an external event: the worker memory they cost while idle (after a full
/// collection), then all raised at once and awaited. <c>rss_mb</c> is the worker process(es): on SQLite the benchmark
/// process, client included.</summary>
internal static class IdleScenario
{
    public static readonly Scenario Definition = new("idle", 10_000, 500, Register, RunAsync);

    private static void Register(DurableTaskRegistry registry) => registry
        .AddOrchestratorFunc<string>("Idle", ctx => ctx.WaitForExternalEvent<string>("wake"));

    private static async Task<BenchResult> RunAsync(BenchOptions options, int n)
    {
        await using var bench = await BenchContext.StartAsync(options, Definition);
        var cpu = bench.MarkCpu();
        var started = Stopwatch.GetTimestamp();
        var ids = new List<string>(n);
        for (var i = 0; i < n; i++)
        {
            ids.Add(await bench.Client.ScheduleNewOrchestrationInstanceAsync("Idle", null, new StartOrchestrationOptions($"idle-{i}")));
        }

        foreach (var id in ids)
        {
            await bench.Client.WaitForInstanceStartAsync(id);
        }

        var waitingAfter = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var rssWaiting = await bench.CollectedWorkerRssMegabytesAsync();
        foreach (var id in ids)
        {
            await bench.Client.RaiseEventAsync(id, "wake", "now");
        }

        foreach (var id in ids)
        {
            await bench.WaitAsync(id);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var line = new BenchResult("idle", options.Provider, n, Math.Round(seconds, 3), Math.Round(n / seconds, 1), null, null, rssWaiting)
        {
            Extra =
            {
                ["completed"] = n,
                ["all_waiting_after_s"] = Math.Round(waitingAfter, 3),
                ["rss_mb_after"] = bench.WorkerRssMegabytes(),
                ["client_rss_mb"] = options.IsAzure ? BenchContext.RssMegabytes() : null,
            },
        };
        return bench.WithCpu(line, cpu, 0);
    }
}
