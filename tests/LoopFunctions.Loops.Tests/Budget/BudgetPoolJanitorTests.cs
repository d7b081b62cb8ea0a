using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Budget;
using LoopFunctions.Loops.Tests.TestSupport;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace LoopFunctions.Loops.Tests.Budget;

/// <summary>The janitor over a client whose entity API runs the <see cref="BudgetPool"/> entity inline: the holds of
/// ended and purged runs are released by id, those of live runs stay.</summary>
public sealed class BudgetPoolJanitorTests : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly InlineEntities _entities;
    private readonly Dictionary<string, OrchestrationRuntimeStatus?> _runs = new(StringComparer.Ordinal);

    public BudgetPoolJanitorTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton(TestActivity.Lifetime);
        services.AddLoopServices(o => o.Pools["team-a"] = new BudgetPoolOptions { MaxCostUsd = 10m });
        _services = services.BuildServiceProvider();
        _entities = new InlineEntities(_services);
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task SweepAsync_EndedAndPurgedRuns_TheirHoldsReleasedByIdAndLiveOnesKept()
    {
        _runs["live"] = OrchestrationRuntimeStatus.Running;
        _runs["done"] = OrchestrationRuntimeStatus.Completed;
        _runs["failed"] = OrchestrationRuntimeStatus.Failed;
        _runs["stopped"] = OrchestrationRuntimeStatus.Terminated;
        foreach (var run in new[] { "live", "done", "failed", "stopped", "purged" })
        {
            await Reserve(run);
        }

        var released = await Janitor().SweepAsync();

        Assert.Equal(4, released);
        var state = _entities.StateOf<BudgetPoolState>(PoolEntity.Id("team-a"))!;
        Assert.Equal(["live/1/1"], state.Reservations.Keys);
        Assert.Equal("signal release @budgetpool@team-a", _entities.Operations[^1]);
    }

    [Fact]
    public async Task SweepAsync_NoStateOrOnlyLiveRuns_SendsNothing()
    {
        Assert.Equal(0, await Janitor().SweepAsync());
        _runs["live"] = OrchestrationRuntimeStatus.Suspended;
        await Reserve("live");

        Assert.Equal(0, await Janitor().SweepAsync());
        Assert.Equal(["call reserve @budgetpool@team-a"], _entities.Operations);
    }

    private Task<PoolReserveResult> Reserve(string run) =>
        _entities.CallEntityAsync<PoolReserveResult>(PoolEntity.Id("team-a"), PoolEntity.Reserve, new PoolReserveRequest(run, "fix", [new PoolItem($"{run}/1/1", 100, 0.10m)]));

    private BudgetPoolJanitor Janitor()
    {
        var client = new Mock<DurableTaskClient>("test");
        client.SetupGet(c => c.Entities).Returns(new EntityClient(_entities));
        client.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, bool _, CancellationToken _) => _runs.TryGetValue(id, out var status) && status is { } s ? new OrchestrationMetadata("LoopOrchestrator", id) { RuntimeStatus = s } : null);
        return new BudgetPoolJanitor(client.Object, _services.GetRequiredService<IOptionsMonitor<LoopRunnerOptions>>(), TimeProvider.System, NullLogger<BudgetPoolJanitor>.Instance);
    }

    /// <summary>The client's entity API over the inline entities: signals run at once, reads return the stored state.</summary>
    private sealed class EntityClient(InlineEntities entities) : DurableEntityClient("test")
    {
        public override Task SignalEntityAsync(EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null, CancellationToken cancellation = default) =>
            entities.SignalEntityAsync(id, operationName, input);

        public override Task<EntityMetadata<T>?> GetEntityAsync<T>(EntityInstanceId id, bool includeState = true, CancellationToken cancellation = default) =>
            Task.FromResult(entities.StateOf<T>(id) is { } state ? new EntityMetadata<T>(id, state) : null);

        public override Task<EntityMetadata?> GetEntityAsync(EntityInstanceId id, bool includeState = true, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override AsyncPageable<EntityMetadata> GetAllEntitiesAsync(EntityQuery? filter = null) => throw new NotSupportedException();

        public override AsyncPageable<EntityMetadata<T>> GetAllEntitiesAsync<T>(EntityQuery? filter = null) => throw new NotSupportedException();

        public override Task<CleanEntityStorageResult> CleanEntityStorageAsync(CleanEntityStorageRequest? request = null, bool continueUntilComplete = true, CancellationToken cancellation = default) => throw new NotSupportedException();
    }
}
