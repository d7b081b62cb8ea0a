using System.Globalization;
using LoopFunctions.Loops.Definitions;

namespace LoopFunctions.Loops.Budget;

/// <summary>
/// The rules of a budget pool over its <see cref="BudgetPoolState"/>: reserve a step's worst case before it runs,
/// settle what it spent after, release what a run no longer needs. No I/O and no clock of its own: the entity gives it
/// the state, the pool's current settings and the time, so it is tested without an engine.
/// </summary>
/// <remarks>
/// <para>Every operation first rolls the period (<see cref="Roll"/>): a new period moves the totals to
/// <see cref="BudgetPoolState.Past"/> while open reservations carry over, and expired reservations are dropped.</para>
/// <para>Why the pool never overspends: a reservation is granted only when settled spend plus every open reservation
/// plus the step's worst case fits each cap, and a step runs only with its reservation granted. The entity runs one
/// operation at a time, so concurrent loops see each other's holds.</para>
/// </remarks>
/// <param name="pool">The pool's name (the entity's key), for messages.</param>
/// <param name="state">The state, changed in place.</param>
/// <param name="limits">The pool's settings now, or null when the host no longer declares it (it then grants nothing).</param>
/// <param name="now">The time of the operation.</param>
public sealed class PoolLedger(string pool, BudgetPoolState state, PoolLimits? limits, DateTimeOffset now)
{
    /// <summary>Hourly burn buckets kept: a 31-day month.</summary>
    public const int MaxBurnBuckets = 31 * 24;

    /// <summary>Closed periods kept.</summary>
    public const int MaxPastPeriods = 12;

    /// <summary>Settled ids remembered to ignore a repeated settle.</summary>
    public const int MaxRecentlySettled = 256;

    /// <summary>Freed ids remembered, for a step checking its hold (<see cref="BudgetPoolState.RecentlyFreed"/>).</summary>
    public const int MaxRecentlyFreed = 256;

    /// <summary>Refusals kept.</summary>
    public const int MaxDenials = 20;

    private PoolPeriod Period => limits?.Period ?? PoolPeriod.None;

    /// <summary>Grants the longest prefix of <paramref name="request"/>'s items that fits both caps with what is spent
    /// and held; an id already held or settled counts as granted again and holds nothing more.</summary>
    public PoolReserveResult Reserve(PoolReserveRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Roll();
        var granted = 0;
        string? reason = null;
        foreach (var item in request.Items)
        {
            if (state.Reservations.ContainsKey(item.Id) || state.RecentlySettled.Contains(item.Id, StringComparer.Ordinal))
            {
                granted++;
                continue;
            }

            reason = Refusal(item);
            if (reason is not null)
            {
                Add(state.Denied, new PoolDenial(now, request.RunId, request.Loop, reason), MaxDenials);
                break;
            }

            var ttl = limits?.ReservationTtl ?? PoolLimits.DefaultReservationTtl;
            state.Reservations[item.Id] = new PoolReservation(request.RunId, request.Loop, item.Tokens, item.CostUsd, now, now + ttl);
            state.RecentlyFreed.Remove(item.Id);
            granted++;
        }

        return new PoolReserveResult(granted, reason, state.SpentUsd, state.SpentTokens, state.ReservedUsd(), state.ReservedTokens(), limits?.MaxCostUsd, limits?.MaxTokens, state.PeriodKey);
    }

    /// <summary>Charges what a step spent to the current period and frees its reservation. The charge stands even when
    /// the reservation expired or was released meanwhile: the money was spent. A second settle of one id changes
    /// nothing.</summary>
    public void Settle(PoolSettleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Roll();
        if (state.RecentlySettled.Contains(request.Id, StringComparer.Ordinal))
        {
            return;
        }

        state.Reservations.Remove(request.Id);
        state.SpentUsd += request.CostUsd;
        state.SpentTokens += request.Tokens;
        var loop = state.ByLoop.GetValueOrDefault(request.Loop) ?? new PoolLoopTotal(0m, 0, 0);
        state.ByLoop[request.Loop] = new PoolLoopTotal(loop.Usd + request.CostUsd, loop.Tokens + request.Tokens, loop.Steps + 1);
        var hour = new DateTimeOffset(now.UtcDateTime.Year, now.UtcDateTime.Month, now.UtcDateTime.Day, now.UtcDateTime.Hour, 0, 0, TimeSpan.Zero);
        if (state.Burn.Count > 0 && state.Burn[^1].Hour == hour)
        {
            state.Burn[^1] = state.Burn[^1] with { Usd = state.Burn[^1].Usd + request.CostUsd, Tokens = state.Burn[^1].Tokens + request.Tokens };
        }
        else
        {
            Add(state.Burn, new PoolBurn(hour, request.CostUsd, request.Tokens), MaxBurnBuckets);
        }

        Add(state.RecentlySettled, request.Id, MaxRecentlySettled);
    }

    /// <summary>Frees reservations without a charge: those named, and every one of the named run.</summary>
    /// <returns>How many were freed.</returns>
    public int Release(PoolReleaseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Roll();
        var freed = 0;
        foreach (var id in request.Ids ?? [])
        {
            freed += Free(id) ? 1 : 0;
        }

        if (request.RunId is { } run)
        {
            foreach (var id in state.Reservations.Where(r => r.Value.RunId == run).Select(r => r.Key).ToList())
            {
                freed += Free(id) ? 1 : 0;
            }
        }

        return freed;
    }

    /// <summary>Starts the current period again (an administrator's decision): spend, holds, per-loop totals and burn
    /// are cleared; the closed periods stay. A step still running settles into the new account.</summary>
    public void Reset()
    {
        Roll();
        (state.SpentUsd, state.SpentTokens) = (0m, 0);
        foreach (var id in state.Reservations.Keys.ToList())
        {
            Free(id);
        }

        state.ByLoop.Clear();
        state.Burn.Clear();
        state.Denied.Clear();
    }

    /// <summary>The state as of now (rolled, expired holds dropped).</summary>
    public BudgetPoolState Get()
    {
        Roll();
        return state;
    }

    /// <summary>The key of the period <paramref name="at"/> falls in, and its start (UTC).</summary>
    public static (string Key, DateTimeOffset Start) PeriodOf(PoolPeriod period, DateTimeOffset at)
    {
        var day = at.UtcDateTime.Date;
        switch (period)
        {
            case PoolPeriod.Day:
                return (day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), new DateTimeOffset(day, TimeSpan.Zero));
            case PoolPeriod.Week:
                var monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
                return (string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(day)}-W{ISOWeek.GetWeekOfYear(day):00}"), new DateTimeOffset(monday, TimeSpan.Zero));
            case PoolPeriod.Month:
                var first = new DateTime(day.Year, day.Month, 1, 0, 0, 0, DateTimeKind.Utc);
                return (first.ToString("yyyy-MM", CultureInfo.InvariantCulture), new DateTimeOffset(first, TimeSpan.Zero));
            default:
                return ("all", DateTimeOffset.MinValue);
        }
    }

    /// <summary>Moves to the period <c>now</c> is in (the closed one's totals go to the past; open reservations carry
    /// over, since their steps may still run) and drops expired reservations.</summary>
    private void Roll()
    {
        var (key, start) = PeriodOf(Period, now);
        if (state.PeriodKey.Length == 0)
        {
            (state.PeriodKey, state.PeriodStart) = (key, start);
        }
        else if (state.PeriodKey != key)
        {
            Add(state.Past, new PoolPeriodTotal(state.PeriodKey, state.PeriodStart, state.SpentUsd, state.SpentTokens, state.ByLoop.Values.Sum(l => l.Steps)), MaxPastPeriods);
            (state.PeriodKey, state.PeriodStart, state.SpentUsd, state.SpentTokens) = (key, start, 0m, 0);
            state.ByLoop.Clear();
            state.Burn.Clear();
        }

        foreach (var id in state.Reservations.Where(r => r.Value.ExpiresAt <= now).Select(r => r.Key).ToList())
        {
            Free(id);
        }
    }

    /// <summary>Drops a hold without a charge, and remembers that it was freed.</summary>
    private bool Free(string id)
    {
        if (!state.Reservations.Remove(id))
        {
            return false;
        }

        Add(state.RecentlyFreed, id, MaxRecentlyFreed);
        return true;
    }

    /// <summary>Why <paramref name="item"/> cannot be held, naming the pool, the numbers and the cap; null when it fits.</summary>
    private string? Refusal(PoolItem item)
    {
        if (limits is null)
        {
            return $"pool '{pool}' is not declared in the host's settings (LoopFunctions:Pools:{pool})";
        }

        var period = Period == PoolPeriod.None ? "" : $" ({PeriodWord(Period)} {state.PeriodKey})";
        var reservedUsd = state.ReservedUsd();
        if (limits.MaxCostUsd is { } maxCost && state.SpentUsd + reservedUsd + item.CostUsd > maxCost)
        {
            return $"pool '{pool}': {DurationText.Usd(state.SpentUsd)} spent + {DurationText.Usd(reservedUsd)} reserved + up to {DurationText.Usd(item.CostUsd)} for the next step > max_cost_usd {DurationText.Usd(maxCost)}{period}";
        }

        var reservedTokens = state.ReservedTokens();
        if (limits.MaxTokens is { } maxTokens && state.SpentTokens + reservedTokens + item.Tokens > maxTokens)
        {
            return string.Create(CultureInfo.InvariantCulture, $"pool '{pool}': {state.SpentTokens:N0} tokens spent + {reservedTokens:N0} reserved + up to {item.Tokens:N0} for the next step > max_tokens {maxTokens:N0}{period}");
        }

        return null;
    }

    private static string PeriodWord(PoolPeriod period) => period switch
    {
        PoolPeriod.Day => "day",
        PoolPeriod.Week => "week",
        _ => "month",
    };

    private static void Add<T>(List<T> list, T item, int max)
    {
        list.Add(item);
        if (list.Count > max)
        {
            list.RemoveRange(0, list.Count - max);
        }
    }
}
