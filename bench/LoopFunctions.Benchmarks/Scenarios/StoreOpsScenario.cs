using System.Diagnostics;
using LoopFunctions.Durable;
using LoopFunctions.Durable.History;
using LoopFunctions.Durable.Storage;

namespace LoopFunctions.Benchmarks.Scenarios;

/// <summary>The store's own cost per engine step, without a worker: lock and complete an episode that schedules one
/// activity, then lock and complete that activity, n times on one thread. Read against <c>sqlite-raw</c>.</summary>
internal static class StoreOpsScenario
{
    public static async Task<BenchResult> RunAsync(string provider, int n)
    {
        var folder = Directory.CreateTempSubdirectory("loopfn-bench-ops-").FullName;
        var store = StoreFactory.Create(provider, folder, "benchops" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            await store.CreateIfNotExistsAsync();
            var now = DateTime.UtcNow;
            await store.CreateInstanceAsync(new TaskMessage("ops", null, new ExecutionStartedEvent(now, "Ops", null)), []);
            var steps = new List<double>(n);
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < n; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                var item = await store.LockNextOrchestrationAsync(TimeSpan.FromMinutes(1)) ?? throw new InvalidOperationException("no work item");
                await store.CompleteOrchestrationAsync(item, new OrchestrationCheckpoint
                {
                    ExecutionId = item.ExecutionId,
                    NewEvents = [new OrchestratorStartedEvent(now), new TaskScheduledEvent(i, now, "Noop", "1"), new OrchestratorCompletedEvent(now)],
                    State = new OrchestrationState(OrchestrationRuntimeStatus.Running, null, null, null, now) { Name = "Ops" },
                    ActivityRequests = [new TaskMessage("ops", item.ExecutionId, new TaskScheduledEvent(i, now, "Noop", "1"))],
                });
                var activity = (await store.LockNextActivitiesAsync(1, TimeSpan.FromMinutes(1))).Single();
                await store.CompleteActivityAsync(activity, new TaskMessage("ops", activity.ExecutionId, new TaskCompletedEvent(now, i, "1")));
                steps.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }

            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            return new BenchResult("store-ops", provider, n, Math.Round(seconds, 3), Math.Round(n / seconds, 1), BenchResult.Percentile(steps, 50), BenchResult.Percentile(steps, 99), BenchContext.RssMegabytes());
        }
        finally
        {
            if (store is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }

            Directory.Delete(folder, recursive: true);
        }
    }
}
