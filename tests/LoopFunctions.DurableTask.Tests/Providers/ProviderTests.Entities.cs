using LoopFunctions.DurableTask.Tests.TestSupport;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;

namespace LoopFunctions.DurableTask.Tests.Providers;

public abstract partial class ProviderTests
{
    [Fact]
    public async Task SignalEntityAsync_FromClient_GetEntityAsyncSeesTheState()
    {
        var host = await StartAsync(Entities);
        await host.Client.Entities.SignalEntityAsync(CounterId("a"), "add", 5);
        await host.Client.Entities.SignalEntityAsync(CounterId("a"), "add", 6);

        var found = await WaitForEntityAsync<int>(host, CounterId("a"), n => n == 11);
        var missing = await host.Client.Entities.GetEntityAsync(CounterId("never"));

        Assert.Equal("@counter@a", found.Id.ToString());
        Assert.Null(found.LockedBy);
        Assert.Null(missing);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CallEntityAsync_FromOrchestration_ReturnsTheOperationsResult(bool extendedSessions)
    {
        var host = await StartAsync(
            r => Entities(r.AddOrchestratorFunc<string, int>("CallsCounter", async (ctx, key) =>
            {
                await ctx.Entities.CallEntityAsync<int>(CounterId(key!), "add", 3);
                await ctx.Entities.SignalEntityAsync(CounterId(key!), "add", 4);
                return await ctx.Entities.CallEntityAsync<int>(CounterId(key!), "get");
            })),
            extendedSessions: extendedSessions);

        var result = await host.RunAsync("CallsCounter", "b");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(7, result.ReadOutputAs<int>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CallEntityAsync_FortyConcurrentOrchestrations_CountsExactlyForty(bool extendedSessions)
    {
        var host = await StartAsync(
            r => Entities(r.AddOrchestratorFunc<int>("AddsOne", ctx => ctx.Entities.CallEntityAsync<int>(CounterId("shared"), "add", 1))),
            extendedSessions: extendedSessions);
        var ids = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            ids.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync("AddsOne"));
        }

        var results = new List<int>();
        foreach (var id in ids)
        {
            results.Add((await host.WaitAsync(id)).ReadOutputAs<int>());
        }

        var counter = await host.Client.Entities.GetEntityAsync<int>(CounterId("shared"));

        Assert.Equal(40, counter!.State);

        // Each call saw the counter after its own add: the adds ran one at a time.
        Assert.Equal(Enumerable.Range(1, 40), results.Order());
    }

    [Fact]
    public async Task SignalEntityAsync_HundredFromOneOrchestration_ArriveInOrder()
    {
        var host = await StartAsync(r => Entities(r.AddOrchestratorFunc<string>("Sends", async ctx =>
        {
            for (var i = 0; i < 100; i++)
            {
                await ctx.Entities.SignalEntityAsync(RecorderId("order"), "record", i);

                // Several episodes, so the signals leave in more than one batch.
                if (i % 25 == 24)
                {
                    await ctx.CreateTimer(TimeSpan.FromMilliseconds(10), CancellationToken.None);
                }
            }

            return "sent";
        })));

        await host.RunAsync("Sends");
        var recorded = await WaitForEntityAsync<RecorderState>(host, RecorderId("order"), s => s.Seen.Count >= 100);

        Assert.Equal(Enumerable.Range(0, 100), recorded.State.Seen);
    }

    [Fact]
    public async Task SignalEntityAsync_ScheduledTwoSecondsAhead_NotDeliveredEarly()
    {
        var host = await StartAsync(Entities);

        // A warm worker first, so the scheduled signal is the only thing that can make "later" wait.
        await host.Client.Entities.SignalEntityAsync(RecorderId("warm"), "stamp");
        await WaitForEntityAsync<RecorderState>(host, RecorderId("warm"), s => s.StampedAt is not null);
        var due = DateTimeOffset.UtcNow.AddSeconds(2);
        await host.Client.Entities.SignalEntityAsync(RecorderId("later"), "stamp", null, new SignalEntityOptions { SignalTime = due });

        var later = await WaitForEntityAsync<RecorderState>(host, RecorderId("later"), s => s.StampedAt is not null);

        // DTFx's entity dispatcher runs a scheduled request that arrives at most 100 ms early (TaskEntityDispatcher
        // DetermineWork) and re-sends anything earlier to itself; Azure Storage's whole-second visibility delays hit that.
        Assert.True(later.State.StampedAt >= due - DispatcherEarlyTolerance, $"ran at {later.State.StampedAt:O}, due {due:O}");
    }

    [Fact]
    public async Task SignalEntityAsync_WorkerRestarted_StateKept()
    {
        var host = await StartAsync(Entities);
        await host.Client.Entities.SignalEntityAsync(CounterId("kept"), "add", 7);
        await WaitForEntityAsync<int>(host, CounterId("kept"), n => n == 7);

        var restarted = await RestartAsync(host);
        await restarted.Client.Entities.SignalEntityAsync(CounterId("kept"), "add", 1);
        var after = await WaitForEntityAsync<int>(restarted, CounterId("kept"), n => n != 7);

        Assert.Equal(8, after.State);
    }

    [Fact]
    public async Task GetAllInstancesAsync_EntitiesPresent_LeftOutUnlessThePrefixAsks()
    {
        var host = await StartAsync(r => Entities(r.AddOrchestratorFunc<int, int>("Echo", (_, x) => Task.FromResult(x))));
        await host.Client.Entities.SignalEntityAsync(CounterId("hidden"), "add", 1);
        await WaitForEntityAsync<int>(host, CounterId("hidden"), n => n == 1);
        await host.RunAsync("Echo", 1, "echo-1");

        var all = await Ids(host.Client.GetAllInstancesAsync(new OrchestrationQuery(PageSize: 1)));
        var entities = await Ids(host.Client.GetAllInstancesAsync(new OrchestrationQuery(InstanceIdPrefix: "@counter@")));
        var listed = await host.Client.ListInstanceIdsAsync();
        var start = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.ScheduleNewOrchestrationInstanceAsync("Echo", 2, new StartOrchestrationOptions("@counter@hidden")));
        var terminate = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.TerminateInstanceAsync("@counter@hidden"));

        Assert.Equal(["echo-1"], all);
        Assert.Equal(["@counter@hidden"], entities);
        Assert.Equal(["echo-1"], listed.Values);
        Assert.Contains("belong to entities", start.Message, StringComparison.Ordinal);
        Assert.Contains("belong to entities", terminate.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await host.Client.Entities.GetEntityAsync<int>(CounterId("hidden")))!.State);

        static async Task<List<string>> Ids(AsyncPageable<OrchestrationMetadata> pages)
        {
            var ids = new List<string>();
            await foreach (var m in pages)
            {
                ids.Add(m.InstanceId);
            }

            return ids;
        }
    }

    [Fact]
    public async Task GetAllEntitiesAsync_PagedWithPrefix_EveryMatchExactlyOnce()
    {
        var host = await StartAsync(Entities);
        for (var i = 0; i < 5; i++)
        {
            await host.Client.Entities.SignalEntityAsync(CounterId($"page-{i}"), "add", i + 1);
        }

        await host.Client.Entities.SignalEntityAsync(CounterId("other"), "add", 1);
        await host.Client.Entities.SignalEntityAsync(RecorderId("page-9"), "record", 1);
        for (var i = 0; i < 5; i++)
        {
            await WaitForEntityAsync<int>(host, CounterId($"page-{i}"), n => n == i + 1);
        }

        await WaitForEntityAsync<int>(host, CounterId("other"), n => n == 1);
        await WaitForEntityAsync<RecorderState>(host, RecorderId("page-9"), s => s.Seen.Count == 1);

        var pages = new List<IReadOnlyList<EntityMetadata<int>>>();
        await foreach (var page in host.Client.Entities.GetAllEntitiesAsync<int>(new EntityQuery { InstanceIdStartsWith = "@counter@page-", PageSize = 2 }).AsPages())
        {
            pages.Add(page.Values);
        }

        var everything = await EntityIdsAsync(host.Client, new EntityQuery { IncludeState = false });
        var seen = pages.SelectMany(p => p).ToList();

        Assert.All(pages, p => Assert.True(p.Count <= 2, $"page of {p.Count}"));
        Assert.True(pages.Count >= 3, $"{pages.Count} pages");
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"@counter@page-{i}"), seen.Select(e => e.Id.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(1, 5), seen.Select(e => e.State).Order());
        Assert.Equal(["@counter@other", "@counter@page-0", "@counter@page-1", "@counter@page-2", "@counter@page-3", "@counter@page-4", "@recorder@page-9"], everything.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CleanEntityStorageAsync_EmptiedEntity_Removed()
    {
        var host = await StartAsync(Entities, services: CleanEntitiesAtOnce);
        await host.Client.Entities.SignalEntityAsync(CounterId("gone"), "add", 1);
        await host.Client.Entities.SignalEntityAsync(CounterId("stays"), "add", 2);
        await WaitForEntityAsync<int>(host, CounterId("stays"), n => n == 2);
        await host.Client.Entities.SignalEntityAsync(CounterId("gone"), "delete");
        using var cts = new CancellationTokenSource(TestHost.Deadline);
        while (await host.Client.Entities.GetEntityAsync(CounterId("gone"), cancellation: cts.Token) is not null)
        {
            await Task.Delay(20, cts.Token);
        }

        var before = await EntityIdsAsync(host.Client, new EntityQuery { IncludeTransient = true, IncludeState = false });
        var cleaned = await host.Client.Entities.CleanEntityStorageAsync(cancellation: cts.Token);
        var after = await EntityIdsAsync(host.Client, new EntityQuery { IncludeTransient = true, IncludeState = false });

        Assert.Contains("@counter@gone", before);
        Assert.Equal(1, cleaned.EmptyEntitiesRemoved);
        Assert.Null(cleaned.ContinuationToken);
        Assert.Equal(["@counter@stays"], after);
    }

    [Fact]
    public async Task CallEntityAsync_UnregisteredEntity_FailsTheCallAndTheCallerCanCatchIt()
    {
        var host = await StartAsync(r => Entities(r.AddOrchestratorFunc<string>("CallsNobody", async ctx =>
        {
            try
            {
                await ctx.Entities.CallEntityAsync<int>(new EntityInstanceId("nobody", "x"), "get");
                return "answered";
            }
            catch (EntityOperationFailedException ex)
            {
                return ex.FailureDetails.ErrorType;
            }
        })));

        var result = await host.RunAsync("CallsNobody");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("EntityTaskNotFound", result.ReadOutputAs<string>());
    }
}
