using LoopFunctions.Loops.Budget;

namespace LoopFunctions.Loops.Activities;

/// <summary>One budget pool of the host's settings: <c>LoopFunctions:Pools:&lt;name&gt;:{Period, MaxCostUsd, MaxTokens,
/// ReservationTtl}</c>. Loops name it in <c>limits.pool</c>; each of their agent steps reserves its worst case from it
/// first. At least one cap is required (<see cref="LoopRunnerOptionsValidator"/>).</summary>
public sealed class BudgetPoolOptions
{
    /// <summary>When the account starts again, in UTC: <c>day</c>, <c>week</c> (ISO, from Monday), <c>month</c> or
    /// <c>none</c>. Default <c>day</c>.</summary>
    public PoolPeriod Period { get; set; } = PoolPeriod.Day;

    /// <summary>USD the pool's loops may spend per period, or null for no cost cap.</summary>
    public decimal? MaxCostUsd { get; set; }

    /// <summary>Tokens (input + output) the pool's loops may spend per period, or null for no token cap.</summary>
    public long? MaxTokens { get; set; }

    /// <summary>How long a step's reservation holds if its run never settles nor releases it (the run died). Default
    /// 24 hours; it must outlive a loop's agent step with its retries (<c>LoadPlan</c> checks).</summary>
    public TimeSpan ReservationTtl { get; set; } = PoolLimits.DefaultReservationTtl;

    /// <summary>The ledger's view of these settings.</summary>
    public PoolLimits ToLimits() => new(Period, MaxCostUsd, MaxTokens, ReservationTtl);
}
