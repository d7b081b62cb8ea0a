using System.Globalization;
using DurableTask.Core;
using DurableTask.Core.Entities;
using LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

namespace LoopFunctions.DurableTask.Sqlite.Tests.Entities;

/// <summary>Entities outlive bad batches and never run twice at once; empty ones can be cleaned away.</summary>
public sealed class EntityRobustnessTests
{
    [Fact]
    public async Task PoisonedBatch_EntityStaysRunningWithItsStateAndUsable()
    {
        await using var hub = await EntityHub.StartAsync(s => { s.MaxDeliveryCount = 2; s.AbandonBackoff = TimeSpan.FromMilliseconds(10); });
        await hub.SignalAsync("@counter@p", "add", "1");
        Assert.True(await hub.StateBecomesAsync("@counter@p", "1"));

        await hub.SignalAsync("@counter@p", "explode");
        Assert.True(await Poll.UntilAsync(() => (long)hub.Sql("SELECT count(*) FROM inbox WHERE instance_id = '@counter@p'")! == 0));
        Assert.Equal(0L, hub.Sql("SELECT dequeue_count FROM instances WHERE instance_id = '@counter@p'"));

        await hub.SignalAsync("@counter@p", "add", "2");
        Assert.True(await hub.StateBecomesAsync("@counter@p", "3"));
        Assert.Equal(OrchestrationStatus.Running, (await hub.Service.GetOrchestrationStateAsync("@counter@p", false))[0].OrchestrationStatus);
    }

    [Fact]
    public async Task PoisonedBatch_CallerOfTheDroppedOperation_GetsAnError()
    {
        await using var hub = await EntityHub.StartAsync(s => { s.MaxDeliveryCount = 2; s.AbandonBackoff = TimeSpan.FromMilliseconds(10); });
        var instance = await hub.Client.CreateOrchestrationInstanceAsync(nameof(EntityCaller), "", "poison-caller", new[] { "@counter@pc", "0", "explode" });
        var state = await hub.Client.WaitForOrchestrationAsync(instance, TimeSpan.FromSeconds(60));
        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("\"error: PoisonMessage\"", state.Output);
        Assert.Equal(OrchestrationStatus.Running, (await hub.Service.GetOrchestrationStateAsync("@counter@pc", false))[0].OrchestrationStatus);
    }

    [Fact]
    public async Task TwoServiceObjectsOnOneFile_NeverRunOneEntityConcurrently()
    {
        await using var first = await EntityHub.StartAsync(s => s.ExtendedSessionIdleTimeout = TimeSpan.FromMilliseconds(200));
        await using var second = await EntityHub.StartAsync(s => s.ExtendedSessionIdleTimeout = TimeSpan.FromMilliseconds(200), sharedFolder: first.Folder);
        var keys = new[] { "two-a", "two-b", "two-c" };
        var sends = new List<Task>();
        foreach (var key in keys)
        {
            var id = "@counter@" + key;
            sends.Add(Task.Run(async () =>
            {
                for (var i = 1; i <= 60; i++)
                {
                    // One sender per entity, alternating service objects: a single FIFO stream per entity.
                    await (i % 2 == 0 ? first : second).SignalAsync(id, "next", i.ToString(CultureInfo.InvariantCulture));
                }
            }));
        }

        await Task.WhenAll(sends);
        foreach (var key in keys)
        {
            Assert.True(await first.StateBecomesAsync("@counter@" + key, "60"), $"{key}: {await first.StateAsync("@counter@" + key)}");
        }

        Assert.DoesNotContain(Counter.Overlaps, id => id.StartsWith("@counter@two-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Clean_EmptyEntity_IsRemovedAndOneWithStateIsKept()
    {
        await using var hub = await EntityHub.StartAsync();
        await hub.SignalAsync("@counter@empty", "add", "1");
        await hub.SignalAsync("@counter@kept", "add", "1");
        Assert.True(await hub.StateBecomesAsync("@counter@empty", "1"));
        Assert.True(await hub.StateBecomesAsync("@counter@kept", "1"));
        await hub.SignalAsync("@counter@empty", "delete");
        Assert.True(await Poll.UntilAsync(async () => await hub.Queries.GetEntityAsync(new EntityId("counter", "empty")) is null));
        Assert.NotNull(await hub.Queries.GetEntityAsync(new EntityId("counter", "empty"), includeStateless: true));

        // A session may still hold the entity's lock for a moment; clean skips locked entities, so retry until it goes.
        var removed = 0;
        Assert.True(await Poll.UntilAsync(async () =>
        {
            removed += (await hub.Queries.CleanEntityStorageAsync(new EntityBackendQueries.CleanEntityStorageRequest { RemoveEmptyEntities = true, ReleaseOrphanedLocks = true })).EmptyEntitiesRemoved;
            return removed > 0;
        }, TimeSpan.FromSeconds(60)));

        Assert.Equal(1, removed);
        Assert.Equal(0L, hub.Sql("SELECT count(*) FROM instances WHERE instance_id = '@counter@empty'"));
        Assert.Equal(0L, hub.Sql("SELECT count(*) FROM history WHERE instance_id = '@counter@empty'"));
        Assert.Equal("1", await hub.StateAsync("@counter@kept"));

        await hub.SignalAsync("@counter@empty", "add", "4"); // a cleaned entity starts over on its next signal
        Assert.True(await hub.StateBecomesAsync("@counter@empty", "4"));
    }
}
