namespace LoopFunctions.Loops.Budget;

/// <summary>
/// What <c>loopfn budgets</c> and the dashboard show of one budget pool: its cap from the host's settings, and from
/// the entity's state as of now (the period rolled, expired holds dropped) its spend, holds, loops and hourly burn.
/// </summary>
/// <param name="Pool">The pool's name (as the settings spell it when declared, else the entity's key).</param>
/// <param name="Declared">Whether the host's settings declare it; an undeclared pool with state grants nothing.</param>
/// <param name="HasState">Whether the entity exists (no loop has used a declared pool yet when false).</param>
/// <param name="Period">The period from the settings; null when undeclared.</param>
/// <param name="PeriodKey">The current period (<c>2026-12-07</c>, <c>2026-W49</c>, <c>2026-12</c>, <c>all</c>).</param>
/// <param name="PeriodStart">When it started (UTC); null for <c>none</c>.</param>
/// <param name="MaxCostUsd">The USD cap, if any.</param>
/// <param name="MaxTokens">The token cap, if any.</param>
/// <param name="SpentUsd">USD settled this period.</param>
/// <param name="SpentTokens">Tokens settled this period.</param>
/// <param name="ReservedUsd">USD the open reservations hold.</param>
/// <param name="ReservedTokens">Tokens the open reservations hold.</param>
/// <param name="Reservations">How many reservations are open.</param>
/// <param name="LeftUsd">The USD cap less spent and held (never below 0); null without a USD cap.</param>
/// <param name="LeftTokens">The token cap less spent and held (never below 0); null without a token cap.</param>
/// <param name="Loops">The loops that spent from it this period, most USD first.</param>
/// <param name="Burn">The period's spend per hour, oldest first (hours without spend are absent).</param>
/// <param name="LastModified">When the entity last ran an operation.</param>
public sealed record PoolView(
    string Pool,
    bool Declared,
    bool HasState,
    PoolPeriod? Period,
    string PeriodKey,
    DateTimeOffset? PeriodStart,
    decimal? MaxCostUsd,
    long? MaxTokens,
    decimal SpentUsd,
    long SpentTokens,
    decimal ReservedUsd,
    long ReservedTokens,
    int Reservations,
    decimal? LeftUsd,
    long? LeftTokens,
    IReadOnlyList<PoolLoopRow> Loops,
    IReadOnlyList<PoolBurn> Burn,
    DateTimeOffset? LastModified);
