using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.DurableTask.Tests.Providers;

public abstract partial class ProviderTests
{
    private static void Waiting(DurableTaskRegistry r) =>
        r.AddOrchestratorFunc<string>("Waiting", ctx => ctx.WaitForExternalEvent<string>("go"));

    [Fact]
    public async Task SuspendInstanceAsync_EventWhileSuspended_HeldUntilResumed()
    {
        var host = await StartAsync(Waiting);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting");
        await host.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        await host.Client.SuspendInstanceAsync(id, "maintenance");
        await host.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Suspended);
        await host.Client.RaiseEventAsync(id, "go", "resumed fine");
        await host.WaitForHistoryAsync(id, h => h.OfType<EventRaisedEvent>().Any());
        var whileSuspended = await host.Client.GetInstanceAsync(id);
        await host.Client.ResumeInstanceAsync(id, "done");
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Suspended, whileSuspended!.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("resumed fine", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task TerminateInstanceAsync_Running_TerminatedWithOutput()
    {
        var host = await StartAsync(Waiting);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting");
        await host.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        await host.Client.TerminateInstanceAsync(id, "no longer needed");
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
        Assert.Equal("no longer needed", result.ReadOutputAs<string>());
        var again = await Assert.ThrowsAsync<OrchestrationStatusConflictException>(() => host.Client.TerminateInstanceAsync(id));
        Assert.True(again.IsTerminal);
        await Assert.ThrowsAsync<OrchestrationStatusConflictException>(() => host.Client.RaiseEventAsync(id, "go"));
        await Assert.ThrowsAsync<OrchestrationNotFoundException>(() => host.Client.TerminateInstanceAsync("no-such-instance"));
    }

    [Fact]
    public async Task TerminateInstanceAsync_PendingUntilStartAt_TerminatedWithoutRunning()
    {
        var ran = 0;
        var host = await StartAsync(r => r.AddOrchestratorFunc<string>("Later", _ =>
        {
            Interlocked.Increment(ref ran);
            return Task.FromResult("ran");
        }));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Later", new StartOrchestrationOptions(StartAt: DateTimeOffset.UtcNow.AddHours(1)));

        await host.Client.TerminateInstanceAsync(id, "cancelled");
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
        Assert.Equal(0, ran);
    }

    [Fact]
    public async Task TerminateInstanceAsync_Suspended_Terminated()
    {
        var host = await StartAsync(Waiting);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting");
        await host.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);
        await host.Client.SuspendInstanceAsync(id);
        await host.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Suspended);

        await host.Client.TerminateInstanceAsync(id, "stop it");
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
    }

    [Fact]
    public async Task RestartAsync_CompletedInstance_RunsAgainWithOriginalInput()
    {
        var runs = 0;
        var host = await StartAsync(r => r
            .AddActivityFunc<int, int>("Count", (_, x) => x + Interlocked.Increment(ref runs))
            .AddOrchestratorFunc<int, int>("Once", (ctx, x) => ctx.CallActivityAsync<int>("Count", x)));
        var first = await host.RunAsync("Once", 100, "restart-me");

        var sameId = await host.Client.RestartAsync("restart-me");
        var second = await host.WaitAsync(sameId);
        var newId = await host.Client.RestartAsync("restart-me", restartWithNewInstanceId: true);
        var third = await host.WaitAsync(newId);

        Assert.Equal("restart-me", sameId);
        Assert.NotEqual("restart-me", newId);
        Assert.Equal([101, 102, 103], new[] { first, second, third }.Select(m => m.ReadOutputAs<int>()));
        Assert.Equal(100, third.ReadInputAs<int>());
    }

    [Fact]
    public async Task RestartAsync_LiveInstanceSameId_Refused()
    {
        var host = await StartAsync(Waiting);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting");

        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => host.Client.RestartAsync(id));
    }

    [Fact]
    public async Task RewindInstanceAsync_FailedInstance_RerunsOnlyTheFailedActivity()
    {
        var steps = 0;
        var flaky = 0;
        var host = await StartAsync(r => r
            .AddActivityFunc<int, int>("Step", (_, x) => x + Interlocked.Increment(ref steps))
            .AddActivityFunc<string, string>("FailsOnce", (_, _) => Interlocked.Increment(ref flaky) == 1 ? Throw<string>(new InvalidOperationException("first try")) : "second try")
            .AddOrchestratorFunc<string>("Rewindable", async ctx => $"{await ctx.CallActivityAsync<int>("Step", 10)}|{await ctx.CallActivityAsync<string>("FailsOnce")}"));
        var failed = await host.RunAsync("Rewindable", null, "rewind-me");

        await host.Client.RewindInstanceAsync("rewind-me", "fixed");
        var result = await host.WaitUntilAsync("rewind-me", m => m.RuntimeStatus == OrchestrationRuntimeStatus.Completed);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal("11|second try", result.ReadOutputAs<string>());
        Assert.Equal(1, steps);
        Assert.Equal(2, flaky);
    }

    [Fact]
    public async Task RewindInstanceAsync_NotFailed_Refused()
    {
        var host = await StartAsync(r => r.AddOrchestratorFunc<int, int>("Echo", (_, x) => Task.FromResult(x)));
        await host.RunAsync("Echo", 1, "fine");

        var ex = await Assert.ThrowsAsync<OrchestrationStatusConflictException>(() => host.Client.RewindInstanceAsync("fine", "why"));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, ex.RuntimeStatus);
    }

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
    public async Task ScheduleNewOrchestrationInstanceAsync_LiveDuplicateId_Refused()
    {
        var host = await StartAsync(Waiting);
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting", new StartOrchestrationOptions("dup"));

        var ex = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() =>
            host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting", new StartOrchestrationOptions("dup") { DedupeStatuses = ["Completed"] }));

        Assert.Contains("'dup'", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.RuntimeStatus is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running);
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_EveryStatusAsDedupe_RefusesACompletedId()
    {
        var host = await StartAsync(r => r.AddOrchestratorFunc<int, int>("Echo", (_, x) => Task.FromResult(x)));
        await host.RunAsync("Echo", 1, "once");

        var ex = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => host.Client.ScheduleNewOrchestrationInstanceAsync(
            "Echo", 2, new StartOrchestrationOptions("once") { DedupeStatuses = Enum.GetNames<OrchestrationRuntimeStatus>() }));

        var kept = await host.Client.GetInstanceAsync("once", getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, ex.RuntimeStatus);
        Assert.Equal(1, kept!.ReadOutputAs<int>());
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_TerminalDuplicateNotInDedupe_ReplacesInstance()
    {
        var host = await StartAsync(r => r.AddOrchestratorFunc<int, int>("Echo", (_, x) => Task.FromResult(x)));
        await host.RunAsync("Echo", 1, "reuse");

        var second = await host.RunAsync("Echo", 2, "reuse");
        var history = await host.Client.GetOrchestrationHistoryAsync("reuse");

        Assert.Equal(2, second.ReadOutputAs<int>());
        Assert.Equal(2, second.ReadInputAs<int>());
        Assert.Single(history.OfType<ExecutionStartedEvent>());
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_OversizedInput_RefusedAndNothingStored()
    {
        var host = await StartAsync(r => r.AddOrchestratorFunc<string, string>("Echo", (_, s) => Task.FromResult(s!)), options: o => o.MaxPayloadBytes = 1024);

        var ex = await Assert.ThrowsAsync<PayloadTooLargeException>(() =>
            host.Client.ScheduleNewOrchestrationInstanceAsync("Echo", new string('x', 2000), new StartOrchestrationOptions("too-big")));

        Assert.Contains("over the limit of 1,024 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Null(await host.Client.GetInstanceAsync("too-big"));
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

    [Fact]
    public async Task TerminateInstanceAsync_Recursive_TerminatesLiveChildrenToo()
    {
        var host = await StartAsync(r => Waiting(r.AddOrchestratorFunc<string>("Holder", ctx =>
            ctx.CallSubOrchestratorAsync<string>("Waiting", options: new SubOrchestrationOptions { InstanceId = "held-child" }))));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Holder", new StartOrchestrationOptions("holder"));
        await host.WaitUntilAsync("held-child", m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        await host.Client.TerminateInstanceAsync(id, new TerminateInstanceOptions("enough", Recursive: true));
        var parent = await host.WaitAsync(id);
        var child = await host.WaitAsync("held-child");
        var purged = await host.Client.PurgeInstanceAsync(id, new PurgeInstanceOptions(Recursive: true));

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, parent.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, child.RuntimeStatus);
        Assert.Equal(2, purged.PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync("held-child"));
    }

    [Fact]
    public async Task RaiseEventAsync_OversizedPayload_RefusedAndNothingSent()
    {
        var host = await StartAsync(Waiting, options: o => o.MaxPayloadBytes = 1024);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting");
        await host.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        await Assert.ThrowsAsync<PayloadTooLargeException>(() => host.Client.RaiseEventAsync(id, "go", new string('x', 2000)));
        await host.Client.RaiseEventAsync(id, "go", "small");
        var result = await host.WaitAsync(id);

        Assert.Equal("small", result.ReadOutputAs<string>());
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
