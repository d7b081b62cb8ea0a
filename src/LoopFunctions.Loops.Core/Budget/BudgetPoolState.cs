namespace LoopFunctions.Loops.Budget;

/// <summary>
/// The state of one budget pool (the <c>BudgetPool</c> entity's state): the current period's totals, the open
/// reservations, and a bounded past. <see cref="PoolLedger"/> is the only code that changes it.
/// </summary>
/// <remarks>Kept small on purpose: the backend stores it whole with every operation batch (Azure Storage keeps it in the
/// instances table). Everything that grows is capped: <see cref="Burn"/> at <see cref="PoolLedger.MaxBurnBuckets"/>
/// hours, <see cref="Past"/> at <see cref="PoolLedger.MaxPastPeriods"/>, <see cref="RecentlySettled"/> at
/// <see cref="PoolLedger.MaxRecentlySettled"/>, <see cref="RecentlyFreed"/> at <see cref="PoolLedger.MaxRecentlyFreed"/>, <see cref="Denied"/> at <see cref="PoolLedger.MaxDenials"/>;
/// reservations expire, and <see cref="ByLoop"/> holds one row per loop and starts again each period.</remarks>
public sealed class BudgetPoolState
{
    /// <summary>The current period's key (<c>2026-12-07</c>, <c>2026-W49</c>, <c>2026-12</c>, <c>all</c>); empty before
    /// the first operation.</summary>
    public string PeriodKey { get; set; } = "";

    /// <summary>When the current period started (UTC).</summary>
    public DateTimeOffset PeriodStart { get; set; }

    /// <summary>USD settled in the current period.</summary>
    public decimal SpentUsd { get; set; }

    /// <summary>Tokens settled in the current period.</summary>
    public long SpentTokens { get; set; }

    /// <summary>Open reservations by id; they carry over into the next period.</summary>
    public Dictionary<string, PoolReservation> Reservations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The current period's spend per loop.</summary>
    public Dictionary<string, PoolLoopTotal> ByLoop { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The current period's spend per hour, oldest first.</summary>
    public List<PoolBurn> Burn { get; set; } = [];

    /// <summary>The last closed periods, oldest first.</summary>
    public List<PoolPeriodTotal> Past { get; set; } = [];

    /// <summary>The ids settled last, oldest first, so a settle delivered twice charges once.</summary>
    public List<string> RecentlySettled { get; set; } = [];

    /// <summary>The ids freed without a charge last (released, expired, reset), oldest first: a step that does not find
    /// its hold in a read of the state tells a freed hold from a grant the read does not show yet (Azure Storage sends an
    /// entity's answers before it stores its state).</summary>
    public List<string> RecentlyFreed { get; set; } = [];

    /// <summary>The last refusals, oldest first.</summary>
    public List<PoolDenial> Denied { get; set; } = [];

    /// <summary>USD the open reservations hold.</summary>
    public decimal ReservedUsd() => Reservations.Values.Sum(r => r.CostUsd);

    /// <summary>Tokens the open reservations hold.</summary>
    public long ReservedTokens() => Reservations.Values.Sum(r => r.Tokens);
}
