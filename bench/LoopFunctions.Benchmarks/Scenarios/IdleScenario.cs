using System.Diagnostics;
using LoopFunctions.Durable;

namespace LoopFunctions.Benchmarks.Scenarios;

/// <summary>n instances waiting on an external event: the memory they cost while idle, then all raised at once.</summary>
internal static class IdleScenario
{
    public static async Task<BenchResult> RunAsync(string provider, int n)
    {
        await using var bench = await BenchContext.StartAsync(provider, r => r
            .AddOrchestratorFunc<string>("Idle", ctx => ctx.WaitForExternalEvent<string>("wake")));

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

        await WaitUntilQuietAsync(bench, n);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var rssWaiting = BenchContext.RssMegabytes();
        foreach (var id in ids)
        {
            await bench.Client.RaiseEventAsync(id, "wake", "now");
        }

        var completed = 0;
        foreach (var id in ids)
        {
            completed += (await bench.WaitAsync(id)).RuntimeStatus == OrchestrationRuntimeStatus.Completed ? 1 : 0;
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new BenchResult("idle", provider, n, Math.Round(seconds, 3), Math.Round(n / seconds, 1), null, null, rssWaiting)
        {
            Extra = { ["completed"] = completed, ["rss_mb_after"] = BenchContext.RssMegabytes() },
        };
    }

    /// <summary>Every instance has run its first episode once the store has no running instance without a wait.</summary>
    private static async Task WaitUntilQuietAsync(BenchContext bench, int n)
    {
        while (true)
        {
            var running = 0;
            await foreach (var instance in bench.Client.GetAllInstancesAsync(new LoopFunctions.Durable.Storage.OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running], PageSize = 1000 }))
            {
                running++;
            }

            if (running == n)
            {
                return;
            }

            await Task.Delay(50);
        }
    }
}
