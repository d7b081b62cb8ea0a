using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Budget;
using LoopFunctions.Loops.Tests.TestSupport;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LoopFunctions.Loops.Tests.Budget;

/// <summary>The <see cref="BudgetPool"/> entity as registered (<c>AddLoopTasks</c>), run on JSON state as an engine
/// stores it: its operations by name, its settings read per operation, its clock.</summary>
public sealed class BudgetPoolTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services;
    private readonly InlineEntities _entities;

    public BudgetPoolTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton(TestActivity.Lifetime);
        services.AddSingleton<TimeProvider>(_time);
        services.AddLoopServices(o => o.Pools["Team-A"] = new BudgetPoolOptions { Period = PoolPeriod.Day, MaxCostUsd = 1.00m });
        _services = services.BuildServiceProvider();
        _entities = new InlineEntities(_services);
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public void AddLoopTasks_Entities_RegistersTheBudgetPoolByItsName()
    {
        var registry = new DurableTaskRegistry().AddLoopTasks();

        Assert.Same(registry, registry.AddEntity<BudgetPool>("OtherName"));
        Assert.Throws<ArgumentException>(() => new DurableTaskRegistry().AddLoopTasks().AddEntity<BudgetPool>(PoolEntity.Name));
    }

    [Fact]
    public async Task Operations_ByName_ReserveSettleGetAndRelease()
    {
        var pool = PoolEntity.Id("team-a");

        var reserved = await _entities.CallEntityAsync<PoolReserveResult>(pool, PoolEntity.Reserve, new PoolReserveRequest("run-1", "fix", [new PoolItem("run-1/1/1", 1_000, 0.40m), new PoolItem("run-1/2/1", 1_000, 0.40m), new PoolItem("run-1/3/1", 1_000, 0.40m)]));
        await _entities.SignalEntityAsync(pool, PoolEntity.Settle, new PoolSettleRequest("run-1/1/1", "run-1", "fix", 500, 0.25m));
        var freed = await _entities.CallEntityAsync<int>(pool, PoolEntity.Release, new PoolReleaseRequest(RunId: "run-1"));
        var state = await _entities.CallEntityAsync<BudgetPoolState>(pool, PoolEntity.Get);

        Assert.Equal(2, reserved.Granted);
        Assert.StartsWith("pool 'team-a': $0.00 spent + $0.80 reserved + up to $0.40", reserved.Reason, StringComparison.Ordinal);
        Assert.Equal(1, freed);
        Assert.Equal((0.25m, 500L, 0), (state.SpentUsd, state.SpentTokens, state.Reservations.Count));
        Assert.Equal(state.SpentUsd, _entities.StateOf<BudgetPoolState>(pool)!.SpentUsd);
    }

    [Fact]
    public async Task Reserve_CapRaisedInTheSettings_AppliesToTheNextOperation()
    {
        var pool = PoolEntity.Id("team-a");
        var request = new PoolReserveRequest("run-1", "fix", [new PoolItem("run-1/1/1", 1_000, 1.50m)]);
        Assert.Equal(0, (await _entities.CallEntityAsync<PoolReserveResult>(pool, PoolEntity.Reserve, request)).Granted);

        _services.GetRequiredService<IOptionsMonitor<LoopRunnerOptions>>().CurrentValue.Pools["team-a"].MaxCostUsd = 2.00m;

        Assert.Equal(1, (await _entities.CallEntityAsync<PoolReserveResult>(pool, PoolEntity.Reserve, request)).Granted);
    }

    [Fact]
    public async Task Reserve_NextDayOnTheEntityClock_StartsANewPeriod()
    {
        var pool = PoolEntity.Id("team-a");
        await _entities.SignalEntityAsync(pool, PoolEntity.Settle, new PoolSettleRequest("run-1/1/1", "run-1", "fix", 500, 0.90m));
        _time.Advance(TimeSpan.FromDays(1));

        var result = await _entities.CallEntityAsync<PoolReserveResult>(pool, PoolEntity.Reserve, new PoolReserveRequest("run-2", "fix", [new PoolItem("run-2/1/1", 1_000, 0.50m)]));
        await _entities.SignalEntityAsync(pool, PoolEntity.Reset);

        Assert.Equal((1, "2026-12-08", 0m), (result.Granted, result.Period, result.SpentUsd));
        Assert.Equal(0.90m, Assert.Single(_entities.StateOf<BudgetPoolState>(pool)!.Past).SpentUsd);
    }

    [Fact]
    public void Id_AnySpelling_OneLowerCaseKey()
    {
        Assert.Equal(new EntityInstanceId("budgetpool", "team-a"), PoolEntity.Id("Team-A"));
        Assert.Equal("@budgetpool@team-a", PoolEntity.Id("team-a").ToString());
    }
}
