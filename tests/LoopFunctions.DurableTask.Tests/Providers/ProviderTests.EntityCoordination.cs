using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;

namespace LoopFunctions.DurableTask.Tests.Providers;

public abstract partial class ProviderTests
{
    [Fact]
    public async Task LockEntitiesAsync_TenOrchestrationsOnTwoEntities_CriticalSectionsDoNotInterleave()
    {
        var (a, b) = (CounterId("left"), CounterId("right"));
        var host = await StartAsync(r => Entities(r.AddOrchestratorFunc<bool>("Transfers", async ctx =>
        {
            await using (await ctx.Entities.LockEntitiesAsync(a, b))
            {
                // Inside the section nobody else may touch either counter, so they always read equal.
                var left = await ctx.Entities.CallEntityAsync<int>(a, "get");
                var right = await ctx.Entities.CallEntityAsync<int>(b, "get");
                await ctx.Entities.CallEntityAsync<int>(a, "add", 1);
                await ctx.Entities.CallEntityAsync<int>(b, "add", 1);
                return left == right;
            }
        })));
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync("Transfers"));
        }

        var balanced = new List<bool>();
        foreach (var id in ids)
        {
            var done = await host.WaitAsync(id);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            balanced.Add(done.ReadOutputAs<bool>());
        }

        // The last orchestration completes in the same batch that sends its unlock messages, so the entities may still be
        // locked when it is reported done: wait for the release rather than read the lock at once.
        var left = await WaitForUnlockedAsync(host, a);
        var right = await WaitForUnlockedAsync(host, b);

        Assert.All(balanced, Assert.True);
        Assert.Equal((10, 10), (left.State, right.State));
        Assert.Null(left.LockedBy);
        Assert.Null(right.LockedBy);
    }

    private static async Task<EntityMetadata<int>> WaitForUnlockedAsync(TestSupport.TestHost host, EntityInstanceId id)
    {
        using var cts = new CancellationTokenSource(TestSupport.TestHost.Deadline);
        while (true)
        {
            var found = await host.Client.Entities.GetEntityAsync<int>(id, includeState: true, cts.Token);
            if (found is { IncludesState: true, LockedBy: null })
            {
                return found;
            }

            await Task.Delay(20, cts.Token);
        }
    }

    [Fact]
    public async Task SignalEntityAsync_EntityStartsAnOrchestration_ItRunsWithTheEntitysInput()
    {
        var host = await StartAsync(r => r
            .AddEntity<Spawner>()
            .AddOrchestratorFunc<int, int>("Doubles", (_, x) => Task.FromResult(x * 2)));

        await host.Client.Entities.SignalEntityAsync(new EntityInstanceId("spawner", "s"), "spawn", 21);
        var spawned = await WaitForInstanceAsync(host, "spawned-s");
        var result = await host.WaitAsync(spawned);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(42, result.ReadOutputAs<int>());
    }

    private static async Task<string> WaitForInstanceAsync(TestSupport.TestHost host, string instanceId)
    {
        using var cts = new CancellationTokenSource(TestSupport.TestHost.Deadline);
        while (await host.Client.GetInstanceAsync(instanceId, cancellation: cts.Token) is null)
        {
            await Task.Delay(20, cts.Token);
        }

        return instanceId;
    }

    /// <summary>Starts the orchestration <c>Doubles</c> with the operation's input, as <c>spawned-{key}</c>.</summary>
    internal sealed class Spawner : TaskEntity<int>
    {
        public void Spawn(int value)
        {
            State = value;
            Context.ScheduleNewOrchestration("Doubles", value, new StartOrchestrationOptions($"spawned-{Context.Id.Key}"));
        }
    }
}
