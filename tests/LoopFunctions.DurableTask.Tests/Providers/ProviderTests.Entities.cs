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
        var host = await StartAsync(Entities, options: o => o.MaxPayloadBytes = 4096);
        await host.Client.Entities.SignalEntityAsync(CounterId("a"), "add", 5);
        await host.Client.Entities.SignalEntityAsync(CounterId("a"), "add", 6);

        var found = await WaitForEntityAsync<int>(host, CounterId("a"), n => n == 11);
        var missing = await host.Client.Entities.GetEntityAsync(CounterId("never"));
        await Assert.ThrowsAsync<ArgumentException>(() => host.Client.Entities.SignalEntityAsync(CounterId("a/b"), "add", 1));
        await Assert.ThrowsAsync<PayloadTooLargeException>(() => host.Client.Entities.SignalEntityAsync(CounterId("a"), "add", new string('x', 5000)));

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
    public async Task SignalEntityAsync_WorkerRestarted_StateAndSignalsSentWhileDownKept()
    {
        var store = NewStore();
        var host = await StartAsync(Entities, store: store);
        await host.Client.Entities.SignalEntityAsync(CounterId("kept"), "add", 7);
        await WaitForEntityAsync<int>(host, CounterId("kept"), n => n == 7);
        await host.DisposeAsync();

        // A process with no worker sends while nothing runs entities; the next worker finds the signals waiting.
        var sender = await StartAsync(Entities, startWorker: false, store: store);
        await sender.Client.Entities.SignalEntityAsync(CounterId("kept"), "add", 2);
        await sender.Client.Entities.SignalEntityAsync(CounterId("kept"), "add", 3);
        var whileDown = await sender.Client.Entities.GetEntityAsync<int>(CounterId("kept"));
        await sender.Worker.StartAsync(CancellationToken.None);
        var after = await WaitForEntityAsync<int>(sender, CounterId("kept"), n => n >= 12);

        Assert.Equal(7, whileDown!.State);
        Assert.Equal(12, after.State);
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
