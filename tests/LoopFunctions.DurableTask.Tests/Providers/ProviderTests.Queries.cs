using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.DurableTask.Tests.Providers;

public abstract partial class ProviderTests
{
    [Fact]
    public async Task PurgeInstanceAsync_TerminalAndLive_RemovesOnlyTerminalAndRefusesLive()
    {
        var host = await StartAsync(r => Waiting(r.AddOrchestratorFunc<int, int>("Echo", (_, x) => Task.FromResult(x))));
        await host.RunAsync("Echo", 1, "done-1");
        await host.RunAsync("Echo", 2, "done-2");
        await host.RunAsync("Echo", 3, "done-3");
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting", new StartOrchestrationOptions("live-1"));

        var purgedOne = await host.Client.PurgeInstanceAsync("done-1");
        var purgedUnknown = await host.Client.PurgeInstanceAsync("never-existed");
        await Assert.ThrowsAsync<OrchestrationStatusConflictException>(() => host.Client.PurgeInstanceAsync("live-1"));
        await Assert.ThrowsAsync<ArgumentException>(() => host.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(Statuses: [OrchestrationRuntimeStatus.Running])));
        var purgedByFilter = await host.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(Statuses: [OrchestrationRuntimeStatus.Completed]));

        Assert.Equal(1, purgedOne.PurgedInstanceCount);
        Assert.Equal(0, purgedUnknown.PurgedInstanceCount);
        Assert.Equal(2, purgedByFilter.PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync("done-1"));
        Assert.Null(await host.Client.GetInstanceAsync("done-2"));
        Assert.NotNull(await host.Client.GetInstanceAsync("live-1"));
    }

    [Fact]
    public async Task GetAllInstancesAsync_PagedWithFilters_ReturnsEveryMatchExactlyOnce()
    {
        var host = await StartAsync(Waiting, startWorker: false);
        for (var i = 0; i < 25; i++)
        {
            await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting", new StartOrchestrationOptions($"q-{i:D2}"));
        }

        await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting", new StartOrchestrationOptions("other-1"));

        var query = new OrchestrationQuery(InstanceIdPrefix: "q-", PageSize: 10, Statuses: [OrchestrationRuntimeStatus.Pending]);
        var seen = new List<string>();
        var pages = 0;
        await foreach (var page in host.Client.GetAllInstancesAsync(query).AsPages())
        {
            pages++;
            Assert.True(page.Values.Count <= 10, $"page of {page.Values.Count}");
            seen.AddRange(page.Values.Select(m => m.InstanceId));
        }

        var all = new List<string>();
        await foreach (var instance in host.Client.GetAllInstancesAsync(new OrchestrationQuery(PageSize: 7)))
        {
            all.Add(instance.InstanceId);
        }

        var running = await Count(host.Client.GetAllInstancesAsync(new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Running])));
        var future = await Count(host.Client.GetAllInstancesAsync(new OrchestrationQuery(CreatedFrom: DateTimeOffset.UtcNow.AddDays(1))));

        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"q-{i:D2}"), seen.Order());
        Assert.True(pages >= 3, $"{pages} pages");
        Assert.Equal(26, all.Count);
        Assert.Equal(26, all.Distinct().Count());
        Assert.Equal(0, running);
        Assert.Equal(0, future);
    }

    [Fact]
    public async Task GetOrchestrationHistoryAsync_FinishedInstance_TypedEventsInOrder()
    {
        var host = await StartAsync(r => r
            .AddActivityFunc<string, string>("Upper", (_, s) => s!.ToUpperInvariant())
            .AddOrchestratorFunc<string, string>("Story", async (ctx, s) =>
            {
                var upper = await ctx.CallActivityAsync<string>("Upper", s);
                await ctx.CreateTimer(TimeSpan.FromMilliseconds(50), CancellationToken.None);
                return upper + await ctx.WaitForExternalEvent<string>("tail");
            }));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Story", "abc", new StartOrchestrationOptions("story-1"));
        await host.WaitForHistoryAsync(id, h => h.OfType<TimerFiredEvent>().Any());
        await host.Client.RaiseEventAsync(id, "tail", "!");
        await host.WaitAsync(id);

        var history = await host.Client.GetOrchestrationHistoryAsync(id);

        Assert.IsType<OrchestratorStartedEvent>(history[0]);
        var started = Assert.IsType<ExecutionStartedEvent>(history[1]);
        Assert.Equal("Story", started.Name);
        Assert.Equal("story-1", started.OrchestrationInstance.InstanceId);
        Assert.Equal("\"abc\"", started.Input);
        var meaningful = history.Where(e => e is not OrchestratorStartedEvent and not OrchestratorCompletedEvent).Select(e => e.EventType).ToList();
        Assert.Equal(
            [EventType.ExecutionStarted, EventType.TaskScheduled, EventType.TaskCompleted, EventType.TimerCreated, EventType.TimerFired, EventType.EventRaised, EventType.ExecutionCompleted],
            meaningful);
        var scheduled = history.OfType<TaskScheduledEvent>().Single();
        var completed = history.OfType<TaskCompletedEvent>().Single();
        Assert.Equal("Upper", scheduled.Name);
        Assert.Equal(scheduled.EventId, completed.TaskScheduledId);
        Assert.Equal("\"ABC\"", completed.Result);
        Assert.Equal("tail", history.OfType<EventRaisedEvent>().Single().Name);
        var end = history.OfType<ExecutionCompletedEvent>().Single();
        Assert.Equal(global::DurableTask.Core.OrchestrationStatus.Completed, end.OrchestrationStatus);
        Assert.Equal("\"ABC!\"", end.Result);
        Assert.All(history, e => Assert.Equal(DateTimeKind.Utc, e.Timestamp.Kind));
    }

    [Fact]
    public async Task GetInstanceAsync_Tags_ReturnedAsGiven()
    {
        var host = await StartAsync(Waiting, startWorker: false);
        await host.Client.ScheduleNewOrchestrationInstanceAsync(
            "Waiting", new StartOrchestrationOptions("tagged") { Tags = new Dictionary<string, string> { ["loop"] = "nightly", ["owner"] = "ci" } });

        var instance = await host.Client.GetInstanceAsync("tagged");

        Assert.Equal("nightly", instance!.Tags["loop"]);
        Assert.Equal("ci", instance.Tags["owner"]);
    }

    [Fact]
    public async Task WaitForInstanceStartAsync_PendingUntilWorkerStarts_ReturnsOnceStarted()
    {
        var host = await StartAsync(Waiting, startWorker: false);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting");
        using (var brief = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Client.WaitForInstanceStartAsync(id, brief.Token));
        }

        await host.Worker.StartAsync(CancellationToken.None);
        using var deadline = new CancellationTokenSource(TestSupport.TestHost.Deadline);
        var started = await host.Client.WaitForInstanceStartAsync(id, deadline.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Running, started.RuntimeStatus);
        await Assert.ThrowsAsync<OrchestrationNotFoundException>(() => host.Client.WaitForInstanceStartAsync("no-such-instance"));
        await Assert.ThrowsAsync<OrchestrationNotFoundException>(() => host.Client.WaitForInstanceCompletionAsync("no-such-instance"));
    }

    [Fact]
    public async Task ListInstanceIdsAsync_CompletedTimeRange_OnlyFinishedInstancesInRange()
    {
        var host = await StartAsync(r => Waiting(r.AddOrchestratorFunc<int, int>("Echo", (_, x) => Task.FromResult(x))));
        var from = DateTimeOffset.UtcNow.AddSeconds(-5);
        await host.RunAsync("Echo", 1, "list-1");
        await host.RunAsync("Echo", 2, "list-2");
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting", new StartOrchestrationOptions("list-live"));

        var inRange = await host.Client.ListInstanceIdsAsync(completedTimeFrom: from, completedTimeTo: DateTimeOffset.UtcNow.AddSeconds(5));
        var later = await host.Client.ListInstanceIdsAsync(completedTimeFrom: DateTimeOffset.UtcNow.AddHours(1));
        var completed = await host.Client.ListInstanceIdsAsync(runtimeStatus: [OrchestrationRuntimeStatus.Completed]);

        Assert.Equal(["list-1", "list-2"], inRange.Values.Order());
        Assert.Empty(later.Values);
        Assert.Equal(["list-1", "list-2"], completed.Values.Order());
    }

    private static async Task<int> Count(AsyncPageable<OrchestrationMetadata> instances)
    {
        var count = 0;
        await foreach (var _ in instances)
        {
            count++;
        }

        return count;
    }
}
