using LoopFunctions.Durable.Storage;

namespace LoopFunctions.Durable.Tests.Providers;

public abstract partial class DurableProviderTests
{
    private static void Waiting(DurableTaskRegistry r) =>
        r.AddOrchestratorFunc<string>("Waiting", ctx => ctx.WaitForExternalEvent<string>("go"));

    [Fact]
    public async Task TerminateInstanceAsync_Running_TerminatedWithReasonAsOutput()
    {
        await using var host = await StartAsync(Waiting);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting");
        await host.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        await host.Client.TerminateInstanceAsync(id, "no longer needed");
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
        Assert.Equal("no longer needed", result.ReadOutputAs<string>());
        await Assert.ThrowsAsync<OrchestrationNotRunningException>(() => host.Client.TerminateInstanceAsync(id));
        await Assert.ThrowsAsync<OrchestrationNotRunningException>(() => host.Client.RaiseEventAsync(id, "go"));
        await Assert.ThrowsAsync<OrchestrationNotFoundException>(() => host.Client.TerminateInstanceAsync("no-such-instance"));
    }

    [Fact]
    public async Task SuspendInstanceAsync_EventWhileSuspended_HeldUntilResumed()
    {
        await using var host = await StartAsync(Waiting);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting");
        await host.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        await host.Client.SuspendInstanceAsync(id, "maintenance");
        await host.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Suspended);
        await host.Client.RaiseEventAsync(id, "go", "resumed fine");
        await WaitForHistoryAsync(host, id, h => h.OfType<History.EventRaisedEvent>().Any());
        var whileSuspended = await host.Client.GetInstanceAsync(id);
        await host.Client.ResumeInstanceAsync(id, "done");
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Suspended, whileSuspended!.RuntimeStatus);
        Assert.Equal("resumed fine", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task RestartAsync_CompletedInstance_RunsAgainWithOriginalInput()
    {
        var runs = 0;
        await using var host = await StartAsync(r => r
            .AddActivityFunc<int, int>("Count", (_, x) => x + Interlocked.Increment(ref runs))
            .AddOrchestratorFunc<int, int>("Once", (ctx, x) => ctx.CallActivityAsync<int>("Count", x)));
        var first = await host.RunAsync("Once", 100, "restart-me");

        var sameId = await host.Client.RestartAsync("restart-me");
        var second = await host.WaitAsync(sameId);
        var newId = await host.Client.RestartAsync("restart-me", restartWithNewInstanceId: true);
        var third = await host.WaitAsync(newId);

        Assert.Equal("restart-me", sameId);
        Assert.NotEqual("restart-me", newId);
        Assert.NotEqual(first.ExecutionId, second.ExecutionId);
        Assert.Equal([101, 102, 103], new[] { first, second, third }.Select(m => m.ReadOutputAs<int>()));
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_LiveDuplicateId_Throws()
    {
        await using var host = await StartAsync(Waiting);
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting", null, new StartOrchestrationOptions("dup"));

        var ex = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() =>
            host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting", null, new StartOrchestrationOptions("dup")));

        Assert.Contains("'dup'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_EveryStatusAsDedupe_RefusesACompletedId()
    {
        await using var host = await StartAsync(r => r.AddOrchestratorFunc<int, int>("Echo", (_, x) => Task.FromResult(x)));
        await host.RunAsync("Echo", 1, "once");

        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => host.Client.ScheduleNewOrchestrationInstanceAsync(
            "Echo", 2, new StartOrchestrationOptions("once", DedupeStatuses: Enum.GetValues<OrchestrationRuntimeStatus>())));

        var kept = await host.Client.GetInstanceAsync("once", getInputsAndOutputs: true);
        Assert.Equal(1, kept!.ReadOutputAs<int>());
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_TerminalDuplicateId_ReplacesInstance()
    {
        await using var host = await StartAsync(r => r.AddOrchestratorFunc<int, int>("Echo", (_, x) => Task.FromResult(x)));
        var first = await host.RunAsync("Echo", 1, "reuse");

        var second = await host.RunAsync("Echo", 2, "reuse");
        var history = await host.Client.GetHistoryAsync("reuse");

        Assert.Equal(2, second.ReadOutputAs<int>());
        Assert.NotEqual(first.ExecutionId, second.ExecutionId);
        Assert.Single(history.OfType<History.ExecutionStartedEvent>());
    }

    [Fact]
    public async Task PurgeInstanceAsync_TerminalAndLive_RemovesOnlyTerminal()
    {
        await using var host = await StartAsync(r => Waiting(r.AddOrchestratorFunc<int, int>("Echo", (_, x) => Task.FromResult(x))));
        await host.RunAsync("Echo", 1, "done-1");
        await host.RunAsync("Echo", 2, "done-2");
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting", null, new StartOrchestrationOptions("live-1"));

        var purgedOne = await host.Client.PurgeInstanceAsync("done-1");
        var purgedLive = await host.Client.PurgeInstanceAsync("live-1");
        var purgedByFilter = await host.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter { Statuses = [OrchestrationRuntimeStatus.Completed] });

        Assert.True(purgedOne);
        Assert.False(purgedLive);
        Assert.Equal(1, purgedByFilter);
        Assert.Null(await host.Client.GetInstanceAsync("done-1"));
        Assert.Empty(await host.Client.GetHistoryAsync("done-2"));
        Assert.NotNull(await host.Client.GetInstanceAsync("live-1"));
    }

    [Fact]
    public async Task QueryInstancesAsync_PagedWithFilters_ReturnsEveryMatchOnce()
    {
        await using var host = await StartAsync(Waiting, startWorker: false);
        for (var i = 0; i < 25; i++)
        {
            await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting", null, new StartOrchestrationOptions($"q-{i:D2}"));
        }

        await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting", null, new StartOrchestrationOptions("other-1"));

        var seen = new List<string>();
        var query = new OrchestrationQuery { InstanceIdPrefix = "q-", PageSize = 10, Statuses = [OrchestrationRuntimeStatus.Pending] };
        await foreach (var instance in host.Client.GetAllInstancesAsync(query))
        {
            seen.Add(instance.InstanceId);
        }

        var first = await host.Client.QueryInstancesAsync(query);
        var byName = await host.Client.QueryInstancesAsync(new OrchestrationQuery { Name = "waiting", PageSize = 100 });
        var noneRunning = await host.Client.QueryInstancesAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running] });
        var future = await host.Client.QueryInstancesAsync(new OrchestrationQuery { CreatedFrom = DateTime.UtcNow.AddDays(1) });

        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"q-{i:D2}").Order(), seen.Order());
        Assert.Equal(10, first.Instances.Count);
        Assert.NotNull(first.ContinuationToken);
        Assert.Equal(26, byName.Instances.Count);
        Assert.Empty(noneRunning.Instances);
        Assert.Empty(future.Instances);
    }

    private static async Task WaitForHistoryAsync(TestSupport.TestHost host, string id, Func<IReadOnlyList<History.HistoryEvent>, bool> condition)
    {
        using var cts = new CancellationTokenSource(TestSupport.TestHost.Deadline);
        while (!condition(await host.Client.GetHistoryAsync(id, cts.Token)))
        {
            await Task.Delay(10, cts.Token);
        }
    }
}
