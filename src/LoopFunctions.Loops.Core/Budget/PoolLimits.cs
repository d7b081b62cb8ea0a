namespace LoopFunctions.Loops.Budget;

/// <summary>What a pool's host settings say, as the ledger reads them on each operation (so a changed cap applies at
/// once, and a pool removed from the settings denies new reservations but still settles and releases).</summary>
/// <param name="Period">When the account starts again.</param>
/// <param name="MaxCostUsd">Spend at most per period, or null.</param>
/// <param name="MaxTokens">Tokens (input + output) at most per period, or null.</param>
/// <param name="ReservationTtl">How long a reservation holds before it is dropped (its run died without releasing it).</param>
public sealed record PoolLimits(PoolPeriod Period, decimal? MaxCostUsd, long? MaxTokens, TimeSpan ReservationTtl)
{
    /// <summary>A reservation's lifetime when the settings name none.</summary>
    public static readonly TimeSpan DefaultReservationTtl = TimeSpan.FromHours(24);
}
