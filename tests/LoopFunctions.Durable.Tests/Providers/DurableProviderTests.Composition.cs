namespace LoopFunctions.Durable.Tests.Providers;

public abstract partial class DurableProviderTests
{
    [Fact]
    public async Task CallSubOrchestratorAsync_ChildCompletes_ReturnsChildOutput()
    {
        await using var host = await StartAsync(r => r
            .AddActivityFunc<int, int>("Double", (_, x) => x * 2)
            .AddOrchestratorFunc<int, int>("Child", (ctx, x) => ctx.CallActivityAsync<int>("Double", x))
            .AddOrchestratorFunc<int>("Parent", async ctx =>
            {
                var a = await ctx.CallSubOrchestratorAsync<int>("Child", 10);
                var b = await ctx.CallSubOrchestratorAsync<int>("Child", 11, new SubOrchestrationOptions("explicit-child"));
                return a + b;
            }));

        var result = await host.RunAsync("Parent", null, "parent-1");
        var child = await host.Client.GetInstanceAsync("explicit-child");

        Assert.Equal(42, result.ReadOutputAs<int>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, child!.RuntimeStatus);
        Assert.Equal("parent-1", child.ParentInstanceId);
    }

    [Fact]
    public async Task CallSubOrchestratorAsync_ChildFails_ParentSeesTaskFailedException()
    {
        await using var host = await StartAsync(r => r
            .AddOrchestratorFunc<string>("Child", _ => throw new InvalidOperationException("child broke"))
            .AddOrchestratorFunc<string>("Parent", async ctx =>
            {
                try
                {
                    return await ctx.CallSubOrchestratorAsync<string>("Child");
                }
                catch (TaskFailedException ex)
                {
                    return ex.FailureDetails.ErrorMessage;
                }
            }));

        var result = await host.RunAsync("Parent");

        Assert.Equal("child broke", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ContinueAsNew_CountsUp_CompletesWithFreshHistory()
    {
        await using var host = await StartAsync(r => r
            .AddActivityFunc<int, int>("Inc", (_, x) => x + 1)
            .AddOrchestratorFunc<int, int>("Counter", async (ctx, n) =>
            {
                var next = await ctx.CallActivityAsync<int>("Inc", n);
                if (next < 5)
                {
                    ctx.ContinueAsNew(next);
                }

                return next;
            }));

        var result = await host.RunAsync("Counter", 0);
        var history = await host.Client.GetHistoryAsync(result.InstanceId);

        Assert.Equal(5, result.ReadOutputAs<int>());
        Assert.Equal(4, result.ReadInputAs<int>());
        Assert.Single(history.OfType<History.ExecutionStartedEvent>());
        Assert.Single(history.OfType<History.TaskScheduledEvent>());
    }

    [Fact]
    public async Task ContinueAsNew_PreserveUnprocessedEvents_CarriesBufferedEvents()
    {
        await using var host = await StartAsync(
            r => r.AddOrchestratorFunc<int, string>("Eternal", async (ctx, generation) =>
            {
                if (generation == 0)
                {
                    ctx.ContinueAsNew(1, preserveUnprocessedEvents: true);
                    return "restarting";
                }

                return await ctx.WaitForExternalEvent<string>("carry");
            }),
            startWorker: false);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Eternal", 0);
        await host.Client.RaiseEventAsync(id, "carry", "kept");
        await host.Worker.StartAsync(CancellationToken.None);
        var result = await host.WaitAsync(id);

        Assert.Equal("kept", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task SetCustomStatus_WhileRunning_IsVisibleToClients()
    {
        await using var host = await StartAsync(r => r
            .AddOrchestratorFunc<string>("Reporter", async ctx =>
            {
                ctx.SetCustomStatus(new { phase = "waiting", iteration = 3 });
                return await ctx.WaitForExternalEvent<string>("done");
            }));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Reporter");
        var running = await host.WaitUntilAsync(id, m => m.SerializedCustomStatus is not null);
        await host.Client.RaiseEventAsync(id, "done", "ok");
        await host.WaitAsync(id);

        Assert.Equal("""{"phase":"waiting","iteration":3}""", running.SerializedCustomStatus);
    }

    [Fact]
    public async Task NewGuid_EveryEpisodeReplayed_SameValuesAcrossReplays()
    {
        await using var host = await StartAsync(
            r => r
                .AddActivityFunc<string, string>("Echo", (_, s) => s)
                .AddOrchestratorFunc<bool>("Guids", async ctx =>
                {
                    var first = ctx.NewGuid();
                    var echoed = await ctx.CallActivityAsync<string>("Echo", first.ToString());
                    var second = ctx.NewGuid();
                    await ctx.CallActivityAsync<string>("Echo", second.ToString());
                    return echoed == first.ToString() && first != second;
                }),
            o => o.MaxCachedInstances = 0);

        var result = await host.RunAsync("Guids");

        Assert.True(result.ReadOutputAs<bool>());
    }
}
