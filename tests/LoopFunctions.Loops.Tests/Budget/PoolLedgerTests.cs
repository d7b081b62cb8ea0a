using LoopFunctions.Loops.Budget;
using Microsoft.Extensions.Time.Testing;

namespace LoopFunctions.Loops.Tests.Budget;

/// <summary>The pool's rules on their own: a ledger per operation over one state, as the entity runs them, with a
/// fake clock.</summary>
public sealed class PoolLedgerTests
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Monday);
    private readonly BudgetPoolState _state = new();

    [Fact]
    public void Reserve_ItemsBeyondTheCostCap_GrantsTheLongestPrefixAndNamesThePool()
    {
        var result = Ledger(Day(cost: 1.00m)).Reserve(Request("run-1", Item("a", 0.40m), Item("b", 0.40m), Item("c", 0.40m), Item("d", 0.10m)));

        Assert.Equal(2, result.Granted);
        Assert.Equal("pool 'team-a': $0.00 spent + $0.80 reserved + up to $0.40 for the next step > max_cost_usd $1.00 (day 2026-12-07)", result.Reason);
        Assert.Equal((0.80m, 1.00m, "2026-12-07"), (result.ReservedUsd, result.MaxCostUsd, result.Period));
        Assert.Equal(["a", "b"], _state.Reservations.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(result.Reason, Assert.Single(_state.Denied).Reason);
    }

    [Fact]
    public void Reserve_SpentAndHeldCountAgainstTheCap_DenialGivesEachNumber()
    {
        Ledger(Day(cost: 10m)).Reserve(Request("run-1", Item("a", 9.80m)));
        Ledger(Day(cost: 10m)).Settle(Settle("a", 9.80m));
        Ledger(Day(cost: 10m)).Reserve(Request("run-2", Item("b", 0.20m)));

        var result = Ledger(Day(cost: 10m)).Reserve(Request("run-3", Item("c", 0.30m)));

        Assert.Equal(0, result.Granted);
        Assert.Equal("pool 'team-a': $9.80 spent + $0.20 reserved + up to $0.30 for the next step > max_cost_usd $10.00 (day 2026-12-07)", result.Reason);
    }

    [Fact]
    public void Reserve_TokenCap_DeniesWhenTheTokensWouldPassIt()
    {
        var limits = new PoolLimits(PoolPeriod.Week, null, 1_000, TimeSpan.FromHours(1));
        Ledger(limits).Settle(new PoolSettleRequest("a", "run-1", "fix", 900, 0m));

        var result = Ledger(limits).Reserve(Request("run-1", new PoolItem("b", 200, 0m)));

        Assert.Equal(0, result.Granted);
        Assert.Equal("pool 'team-a': 900 tokens spent + 0 reserved + up to 200 for the next step > max_tokens 1,000 (week 2026-W50)", result.Reason);
    }

    [Fact]
    public void Reserve_BothCaps_EitherOneDenies()
    {
        var limits = new PoolLimits(PoolPeriod.None, 1.00m, 1_000, TimeSpan.FromHours(1));

        Assert.Equal(1, Ledger(limits).Reserve(Request("run-1", new PoolItem("a", 600, 0.10m))).Granted);
        var tokens = Ledger(limits).Reserve(Request("run-1", new PoolItem("b", 600, 0.10m)));
        var cost = Ledger(limits).Reserve(Request("run-1", new PoolItem("c", 100, 0.95m)));

        Assert.Equal((0, 0), (tokens.Granted, cost.Granted));
        Assert.EndsWith("> max_tokens 1,000", tokens.Reason, StringComparison.Ordinal);
        Assert.EndsWith("> max_cost_usd $1.00", cost.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reserve_SameIdAgain_GrantedWithoutASecondHold()
    {
        Ledger(Day(cost: 1.00m)).Reserve(Request("run-1", Item("a", 0.60m)));

        var again = Ledger(Day(cost: 1.00m)).Reserve(Request("run-1", Item("a", 0.60m)));

        Assert.Equal((1, null, 0.60m), (again.Granted, again.Reason, again.ReservedUsd));
        Assert.Single(_state.Reservations);
    }

    [Fact]
    public void Reserve_IdAlreadySettled_GrantedWithoutAHold()
    {
        Ledger(Day(cost: 1.00m)).Reserve(Request("run-1", Item("a", 0.60m)));
        Ledger(Day(cost: 1.00m)).Settle(Settle("a", 0.50m));

        var again = Ledger(Day(cost: 1.00m)).Reserve(Request("run-1", Item("a", 0.60m)));

        Assert.Equal((1, 0m, 0.50m), (again.Granted, again.ReservedUsd, again.SpentUsd));
    }

    [Fact]
    public void Reserve_HoldExpired_DroppedAndItsRoomFreed()
    {
        var limits = Day(cost: 1.00m, ttl: TimeSpan.FromHours(1));
        Ledger(limits).Reserve(Request("run-1", Item("a", 0.80m)));
        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, Ledger(limits).Reserve(Request("run-2", Item("b", 0.80m))).Granted);

        _time.Advance(TimeSpan.FromMinutes(1));
        var result = Ledger(limits).Reserve(Request("run-2", Item("b", 0.80m)));

        Assert.Equal(1, result.Granted);
        Assert.Equal(["b"], _state.Reservations.Keys);
    }

    [Fact]
    public void Settle_AfterTheHoldExpired_StillChargesTheSpend()
    {
        var limits = Day(cost: 1.00m, ttl: TimeSpan.FromHours(1));
        Ledger(limits).Reserve(Request("run-1", Item("a", 0.80m)));
        _time.Advance(TimeSpan.FromHours(2));

        Ledger(limits).Settle(Settle("a", 0.70m));

        Assert.Equal((0.70m, 0), (_state.SpentUsd, _state.Reservations.Count));
        Assert.Equal(new PoolLoopTotal(0.70m, 700, 1), _state.ByLoop["fix"]);
    }

    [Fact]
    public void Settle_Twice_ChargesOnce()
    {
        Ledger(Day(cost: 1.00m)).Reserve(Request("run-1", Item("a", 0.50m)));

        Ledger(Day(cost: 1.00m)).Settle(Settle("a", 0.30m));
        Ledger(Day(cost: 1.00m)).Settle(Settle("a", 0.30m));

        Assert.Equal((0.30m, 300L), (_state.SpentUsd, _state.SpentTokens));
        Assert.Equal(1, _state.ByLoop["fix"].Steps);
    }

    [Fact]
    public void Settle_TwoInOneHourAndOneLater_BurnHasABucketPerHour()
    {
        Ledger(Day(cost: 5m)).Settle(Settle("a", 0.10m));
        _time.Advance(TimeSpan.FromMinutes(30));
        Ledger(Day(cost: 5m)).Settle(Settle("b", 0.20m));
        _time.Advance(TimeSpan.FromMinutes(45));
        Ledger(Day(cost: 5m)).Settle(Settle("c", 0.40m));

        Assert.Equal([(Monday, 0.30m), (Monday.AddHours(1), 0.40m)], _state.Burn.Select(b => (b.Hour, b.Usd)));
    }

    [Fact]
    public void Release_ByRun_FreesOnlyThatRunsHolds()
    {
        Ledger(Day(cost: 5m)).Reserve(Request("run-1", Item("run-1/1/1", 0.10m), Item("run-1/2/1", 0.10m)));
        Ledger(Day(cost: 5m)).Reserve(Request("run-2", Item("run-2/1/1", 0.10m)));

        var freed = Ledger(Day(cost: 5m)).Release(new PoolReleaseRequest(RunId: "run-1"));

        Assert.Equal(2, freed);
        Assert.Equal(["run-2/1/1"], _state.Reservations.Keys);
        Assert.Equal(0m, _state.SpentUsd);
    }

    [Fact]
    public void Release_ByIds_FreesThoseOnly()
    {
        Ledger(Day(cost: 5m)).Reserve(Request("run-1", Item("run-1/1/1", 0.10m), Item("run-1/2/1", 0.10m)));

        var freed = Ledger(Day(cost: 5m)).Release(new PoolReleaseRequest(["run-1/1/1", "unknown"]));

        Assert.Equal(1, freed);
        Assert.Equal(["run-1/2/1"], _state.Reservations.Keys);
    }

    [Fact]
    public void Release_ByIdByRunAndByExpiry_RemembersTheFreedIdsUntilOneIsGrantedAgain()
    {
        var limits = Day(cost: 5m, ttl: TimeSpan.FromHours(1));
        Ledger(limits).Reserve(Request("run-1", Item("run-1/1/1", 0.10m), Item("run-1/2/1", 0.10m)));
        Ledger(limits).Reserve(Request("run-2", Item("run-2/1/1", 0.10m)));
        Ledger(limits).Settle(Settle("run-1/2/1", 0.10m));
        Ledger(limits).Release(new PoolReleaseRequest(["run-1/1/1"]));
        Ledger(limits).Release(new PoolReleaseRequest(RunId: "run-1"));
        _time.Advance(TimeSpan.FromHours(1));
        Ledger(limits).Reserve(Request("run-3", Item("run-3/1/1", 0.10m)));

        // A settle is no free; the expired hold of run-2 was dropped by the reserve's roll.
        Assert.Equal(["run-1/1/1", "run-2/1/1"], _state.RecentlyFreed);

        Ledger(limits).Reserve(Request("run-1", Item("run-1/1/1", 0.10m)));
        Assert.Equal(["run-2/1/1"], _state.RecentlyFreed);
    }

    [Fact]
    public void Roll_NextDay_TotalsMoveToThePastAndOpenHoldsCarryOver()
    {
        var limits = Day(cost: 1.00m);
        Ledger(limits).Settle(Settle("a", 0.60m));
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 7, 23, 50, 0, TimeSpan.Zero));
        Ledger(limits).Reserve(Request("run-2", Item("b", 0.30m)));

        _time.SetUtcNow(new DateTimeOffset(2026, 12, 8, 0, 5, 0, TimeSpan.Zero));
        var result = Ledger(limits).Reserve(Request("run-3", Item("c", 0.70m)));

        Assert.Equal((1, "2026-12-08", 0m, 1.00m), (result.Granted, result.Period, result.SpentUsd, result.ReservedUsd));
        Assert.Equal(new PoolPeriodTotal("2026-12-07", new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero), 0.60m, 600, 1), Assert.Single(_state.Past));
        Assert.Empty(_state.ByLoop);
        Assert.Empty(_state.Burn);
        Assert.Equal(["b", "c"], _state.Reservations.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Roll_MonthEnd_NewMonthStartsAtTheFirst()
    {
        var limits = new PoolLimits(PoolPeriod.Month, 1.00m, null, TimeSpan.FromDays(2));
        _time.SetUtcNow(new DateTimeOffset(2027, 1, 31, 23, 30, 0, TimeSpan.Zero));
        Ledger(limits).Settle(Settle("a", 0.90m));
        Ledger(limits).Reserve(Request("run-1", Item("b", 0.10m)));
        Assert.Equal(0, Ledger(limits).Reserve(Request("run-2", Item("c", 0.10m))).Granted);

        _time.SetUtcNow(new DateTimeOffset(2027, 2, 1, 0, 0, 0, TimeSpan.Zero));
        var result = Ledger(limits).Reserve(Request("run-2", Item("c", 0.10m)));

        Assert.Equal((1, "2027-02", 0.20m), (result.Granted, result.Period, result.ReservedUsd));
        Assert.Equal(new DateTimeOffset(2027, 2, 1, 0, 0, 0, TimeSpan.Zero), _state.PeriodStart);
        Assert.Equal(("2027-01", 0.90m), (_state.Past[0].Period, _state.Past[0].SpentUsd));
    }

    [Fact]
    public void Roll_SundayToMonday_NewIsoWeek()
    {
        var limits = new PoolLimits(PoolPeriod.Week, 1.00m, null, TimeSpan.FromDays(2));
        _time.SetUtcNow(new DateTimeOffset(2027, 1, 3, 23, 0, 0, TimeSpan.Zero));
        Ledger(limits).Settle(Settle("a", 0.90m));
        Assert.Equal("2026-W53", _state.PeriodKey);

        _time.SetUtcNow(new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.Zero));
        Ledger(limits).Get();

        Assert.Equal(("2027-W01", 0m), (_state.PeriodKey, _state.SpentUsd));
        Assert.Equal(new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.Zero), _state.PeriodStart);
    }

    [Fact]
    public void Roll_ManyPeriods_PastKeepsTheLastTwelve()
    {
        for (var day = 0; day < 20; day++)
        {
            Ledger(Day(cost: 1m)).Settle(Settle($"s{day}", 0.01m));
            _time.Advance(TimeSpan.FromDays(1));
        }

        Ledger(Day(cost: 1m)).Get();

        Assert.Equal(PoolLedger.MaxPastPeriods, _state.Past.Count);
        Assert.Equal("2026-12-26", _state.Past[^1].Period);
    }

    [Fact]
    public void Reserve_PoolNoLongerDeclared_GrantsNothingAndSaysSo()
    {
        var result = Ledger(null).Reserve(Request("run-1", Item("a", 0.01m)));

        Assert.Equal(0, result.Granted);
        Assert.Equal("pool 'team-a' is not declared in the host's settings (LoopFunctions:Pools:team-a)", result.Reason);
    }

    [Fact]
    public void Reset_ClearsTheCurrentPeriodAndKeepsThePast()
    {
        Ledger(Day(cost: 1m)).Settle(Settle("a", 0.50m));
        _time.Advance(TimeSpan.FromDays(1));
        Ledger(Day(cost: 1m)).Settle(Settle("b", 0.50m));
        Ledger(Day(cost: 1m)).Reserve(Request("run-1", Item("c", 0.40m)));

        Ledger(Day(cost: 1m)).Reset();

        Assert.Equal((0m, 0, 0), (_state.SpentUsd, _state.Reservations.Count, _state.ByLoop.Count));
        Assert.Single(_state.Past);
        Assert.Equal(["c"], _state.RecentlyFreed);
    }

    private static PoolLimits Day(decimal cost, TimeSpan? ttl = null) => new(PoolPeriod.Day, cost, null, ttl ?? TimeSpan.FromHours(24));

    private static PoolItem Item(string id, decimal cost) => new(id, (long)(cost * 1000), cost);

    private static PoolReserveRequest Request(string run, params PoolItem[] items) => new(run, "fix", items);

    private static PoolSettleRequest Settle(string id, decimal cost) => new(id, "run-1", "fix", (long)(cost * 1000), cost);

    private PoolLedger Ledger(PoolLimits? limits) => new("team-a", _state, limits, _time.GetUtcNow());
}
