using System.Globalization;
using DurableTask.Core;
using DurableTask.Core.Entities;
using LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

namespace LoopFunctions.DurableTask.Sqlite.Tests.Entities;

/// <summary>Entities run by DTFx's own TaskHubWorker (its TaskEntityDispatcher) on this provider.</summary>
public sealed class EntityDeliveryTests
{
    [Fact]
    public async Task Signal_UnknownEntity_CreatesItAndItsStateIsReadable()
    {
        await using var hub = await EntityHub.StartAsync();
        await hub.SignalAsync("@counter@a", "add", "5");
        Assert.True(await hub.StateBecomesAsync("@counter@a", "5"));

        var metadata = (await hub.Queries.GetEntityAsync(new EntityId("counter", "a"), includeState: true))!.Value;
        Assert.Equal("5", metadata.SerializedState);
        Assert.Null(metadata.LockedBy);
        Assert.Equal(0, metadata.BacklogQueueSize);
        Assert.Null((await hub.Queries.GetEntityAsync(new EntityId("counter", "a"), includeState: false))!.Value.SerializedState);
        Assert.Null(await hub.Queries.GetEntityAsync(new EntityId("counter", "missing")));
        var state = (await hub.Service.GetOrchestrationStateAsync("@counter@a", false))[0];
        Assert.Equal(OrchestrationStatus.Running, state.OrchestrationStatus);
        var instances = await hub.Service.GetOrchestrationWithQueryAsync(new global::DurableTask.Core.Query.OrchestrationQuery { ExcludeEntities = true }, CancellationToken.None);
        Assert.Empty(instances.OrchestrationState);
    }

    [Fact]
    public async Task QueryEntities_PagesAndPrefix_ReturnEachEntityOnce()
    {
        await using var hub = await EntityHub.StartAsync();
        foreach (var key in new[] { "q1", "q2", "q3" })
        {
            await hub.SignalAsync("@counter@" + key, "add", "1");
        }

        await hub.SignalAsync("@other@q4", "add", "1"); // no such entity type: never gets state
        foreach (var key in new[] { "q1", "q2", "q3" })
        {
            Assert.True(await hub.StateBecomesAsync("@counter@" + key, "1"));
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await hub.Queries.QueryEntitiesAsync(
                new EntityBackendQueries.EntityQuery { InstanceIdStartsWith = "counter@", PageSize = 2, IncludeState = true, ContinuationToken = token }, CancellationToken.None);
            seen.AddRange(page.Results.Select(r => r.EntityId.Key + "=" + r.SerializedState));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(["q1=1", "q2=1", "q3=1"], seen);
        Assert.Equal(2, pages);
        var all = await hub.Queries.QueryEntitiesAsync(new EntityBackendQueries.EntityQuery { IncludeTransient = true }, CancellationToken.None);
        Assert.Contains(all.Results, r => r.EntityId.Name == "other");
        var existing = await hub.Queries.QueryEntitiesAsync(new EntityBackendQueries.EntityQuery(), CancellationToken.None);
        Assert.DoesNotContain(existing.Results, r => r.EntityId.Name == "other");
    }

    [Fact]
    public async Task Signals_TwoHundredFromOneClient_ArriveInOrder()
    {
        await using var hub = await EntityHub.StartAsync();
        for (var i = 1; i <= 200; i++)
        {
            await hub.SignalAsync("@counter@ordered", "next", i.ToString(CultureInfo.InvariantCulture));
        }

        Assert.True(await hub.StateBecomesAsync("@counter@ordered", "200"), $"state {await hub.StateAsync("@counter@ordered")}");
    }

    [Fact]
    public async Task Orchestration_TwoHundredSignalsThenACall_InOrderAndAnswered()
    {
        await using var hub = await EntityHub.StartAsync();
        var instance = await hub.Client.CreateOrchestrationInstanceAsync(nameof(EntityCaller), "", "caller-1", new[] { "@counter@fromorch", "200", "get" });
        var state = await hub.Client.WaitForOrchestrationAsync(instance, TimeSpan.FromSeconds(60));
        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("\"200\"", state.Output);
    }

    [Fact]
    public async Task Entity_StartsAnOrchestration_ThatCallsItBack()
    {
        await using var hub = await EntityHub.StartAsync();
        await hub.SignalAsync("@counter@starter", "add", "7");
        await hub.SignalAsync("@counter@starter", "start", "started-by-entity");
        Assert.True(await Poll.UntilAsync(async () => (await hub.Service.GetOrchestrationStateAsync("started-by-entity", false)).Count == 1));
        var state = await hub.Client.WaitForOrchestrationAsync(new OrchestrationInstance { InstanceId = "started-by-entity" }, TimeSpan.FromSeconds(60));
        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("\"7\"", state.Output);
    }

    [Fact]
    public async Task DelayedSignal_WithWorker_RunsWhenDueOnceWithoutSpinning()
    {
        await using var hub = await EntityHub.StartAsync();
        await hub.SignalAsync("@counter@d", "add", "1");
        Assert.True(await hub.StateBecomesAsync("@counter@d", "1"));
        var inboxBefore = (long)hub.Sql("SELECT seq FROM sqlite_sequence WHERE name = 'inbox'")!;
        var batchesBefore = Counter.Batches["@counter@d"];

        var due = DateTime.UtcNow.AddSeconds(2);
        await hub.SignalAsync("@counter@d", "add", "10", due);
        Assert.True(await hub.StateBecomesAsync("@counter@d", "11"));

        Assert.True(Counter.LastRunAt["@counter@d"] >= due.AddMilliseconds(-100), $"ran at {Counter.LastRunAt["@counter@d"]:o}, due {due:o}");
        Assert.Equal(batchesBefore + 1, Counter.Batches["@counter@d"]);

        // Delivered early, DTFx would have re-sent it to the entity (a new inbox row per early delivery).
        Assert.Equal(inboxBefore + 1, (long)hub.Sql("SELECT seq FROM sqlite_sequence WHERE name = 'inbox'")!);
    }

    [Fact]
    public async Task MaxEntityOperationBatchSize_Backlog_RunsInBatchesOfThatSize()
    {
        await using var hub = await EntityHub.StartAsync(s => s.MaxEntityOperationBatchSize = 2, startWorker: false);
        for (var i = 1; i <= 6; i++)
        {
            await hub.SignalAsync("@counter@batched", "next", i.ToString(CultureInfo.InvariantCulture));
        }

        await hub.StartWorkerAsync();
        Assert.True(await hub.StateBecomesAsync("@counter@batched", "6"));
        Assert.Equal(3, Counter.Batches["@counter@batched"]); // one delivery of six, run as 2 + 2 + 2 (DTFx continues itself)
    }

    [Fact]
    public async Task Restart_StateAndPendingMessages_AreKept()
    {
        await using var hub = await EntityHub.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            await hub.SignalAsync("@counter@r", "add", "1");
        }

        Assert.True(await hub.StateBecomesAsync("@counter@r", "5"));
        await hub.RestartAsync(startWorker: false);
        for (var i = 0; i < 5; i++)
        {
            await hub.SignalAsync("@counter@r", "add", "1");
        }

        await hub.SignalAsync("@counter@r", "add", "100", DateTime.UtcNow.AddSeconds(1));
        Assert.Equal(6L, hub.Sql("SELECT count(*) FROM inbox WHERE instance_id = '@counter@r'"));
        await hub.RestartAsync();
        Assert.True(await hub.StateBecomesAsync("@counter@r", "110"), $"state {await hub.StateAsync("@counter@r")}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Calls_ManyOrchestrations_EachAnsweredWithSessionsOnOrOff(bool extendedSessions)
    {
        await using var hub = await EntityHub.StartAsync(s => s.ExtendedSessionsEnabled = extendedSessions);
        var key = "calls-" + extendedSessions;
        var instances = new List<OrchestrationInstance>();
        for (var i = 0; i < 10; i++)
        {
            await hub.SignalAsync("@counter@" + key, "add", "1");
            instances.Add(await hub.Client.CreateOrchestrationInstanceAsync(nameof(EntityCaller), "", $"{key}-{i}", new[] { "@counter@" + key, "0", "get" }));
        }

        foreach (var instance in instances)
        {
            var state = await hub.Client.WaitForOrchestrationAsync(instance, TimeSpan.FromSeconds(60));
            Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
            Assert.DoesNotContain("error", state.Output, StringComparison.Ordinal);
        }

        Assert.True(await hub.StateBecomesAsync("@counter@" + key, "10"));
    }
}
