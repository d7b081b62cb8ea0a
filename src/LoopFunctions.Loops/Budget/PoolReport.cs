using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Definitions;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;

namespace LoopFunctions.Loops.Budget;

/// <summary>Reads budget pools for the surfaces (<c>loopfn budgets</c>, the dashboard): every pool the settings declare,
/// and every <see cref="BudgetPool"/> entity with state, read through <see cref="DurableTaskClient.Entities"/>.</summary>
/// <remarks>Reading never changes a pool: the stored state is rolled to <c>now</c> on the copy read, so a pool nobody
/// used since yesterday shows today's empty period, as its next operation will.</remarks>
public static class PoolReport
{
    /// <summary>The instance id prefix of every pool entity (<c>@budgetpool@</c>).</summary>
    public static readonly string EntityPrefix = $"@{PoolEntity.Name.ToLowerInvariant()}@";

    /// <summary>All pools, declared or with state, by name.</summary>
    /// <param name="client">The task hub's client.</param>
    /// <param name="declared">The host's pools (<c>LoopFunctions:Pools</c>).</param>
    /// <param name="now">The time to roll the periods to.</param>
    /// <param name="cancellation">Cancels the reads.</param>
    public static async Task<IReadOnlyList<PoolView>> ReadAllAsync(DurableTaskClient client, IReadOnlyDictionary<string, BudgetPoolOptions> declared, DateTimeOffset now, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(declared);
        var views = new Dictionary<string, PoolView>(StringComparer.Ordinal);
        var query = new EntityQuery { InstanceIdStartsWith = EntityPrefix, IncludeState = true, PageSize = 100 };
        await foreach (var entity in client.Entities.GetAllEntitiesAsync<BudgetPoolState>(query).WithCancellation(cancellation).ConfigureAwait(false))
        {
            if (entity.IncludesState && entity.State is { } state)
            {
                var key = entity.Id.Key;
                var (name, options) = Declaration(declared, key);
                views[key] = View(name ?? key, state, options, now, entity.LastModifiedTime);
            }
        }

        foreach (var (name, options) in declared)
        {
            views.TryAdd(PoolNames.Key(name), View(name, null, options, now, null));
        }

        return [.. views.Values.OrderBy(v => v.Pool, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>One pool, or null when it is neither declared nor has state.</summary>
    /// <param name="client">The task hub's client.</param>
    /// <param name="declared">The host's pools (<c>LoopFunctions:Pools</c>).</param>
    /// <param name="pool">The pool's name, in any case.</param>
    /// <param name="now">The time to roll the period to.</param>
    /// <param name="cancellation">Cancels the read.</param>
    public static async Task<PoolView?> ReadAsync(DurableTaskClient client, IReadOnlyDictionary<string, BudgetPoolOptions> declared, string pool, DateTimeOffset now, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentException.ThrowIfNullOrEmpty(pool);
        var key = PoolNames.Key(pool);
        var (name, options) = Declaration(declared, key);
        var entity = await client.Entities.GetEntityAsync<BudgetPoolState>(new EntityInstanceId(PoolEntity.Name, key), includeState: true, cancellation).ConfigureAwait(false);
        var state = entity is { IncludesState: true, State: { } s } ? s : null;
        return state is null && options is null ? null : View(name ?? key, state, options, now, entity?.LastModifiedTime);
    }

    /// <summary>The view of one pool from its stored state (changed in place: pass a copy) and its settings.</summary>
    /// <param name="pool">The name shown.</param>
    /// <param name="state">The entity's state, or null when it has none yet.</param>
    /// <param name="options">The pool's settings, or null when undeclared (its state is then shown as stored).</param>
    /// <param name="now">The time to roll the period to.</param>
    /// <param name="lastModified">When the entity last ran an operation.</param>
    public static PoolView View(string pool, BudgetPoolState? state, BudgetPoolOptions? options, DateTimeOffset now, DateTimeOffset? lastModified)
    {
        var hasState = state is not null;
        state ??= new BudgetPoolState();
        if (options is not null)
        {
            state = new PoolLedger(pool, state, options.ToLimits(), now).Get();
        }
        else if (hasState)
        {
            // Undeclared: no period to roll to, but expired holds are still not held.
            foreach (var expired in state.Reservations.Where(r => r.Value.ExpiresAt <= now).Select(r => r.Key).ToList())
            {
                state.Reservations.Remove(expired);
            }
        }

        var (reservedUsd, reservedTokens) = (state.ReservedUsd(), state.ReservedTokens());
        return new PoolView(
            pool,
            options is not null,
            hasState,
            options?.Period,
            state.PeriodKey,
            state.PeriodStart == DateTimeOffset.MinValue || state.PeriodKey.Length == 0 ? null : state.PeriodStart,
            options?.MaxCostUsd,
            options?.MaxTokens,
            state.SpentUsd,
            state.SpentTokens,
            reservedUsd,
            reservedTokens,
            state.Reservations.Count,
            options?.MaxCostUsd is { } capUsd ? Math.Max(0m, capUsd - state.SpentUsd - reservedUsd) : null,
            options?.MaxTokens is { } capTokens ? Math.Max(0L, capTokens - state.SpentTokens - reservedTokens) : null,
            [.. state.ByLoop.Select(l => new PoolLoopRow(l.Key, l.Value.Usd, l.Value.Tokens, l.Value.Steps))
                .OrderByDescending(l => l.Usd).ThenByDescending(l => l.Tokens).ThenBy(l => l.Loop, StringComparer.Ordinal)],
            [.. state.Burn.OrderBy(b => b.Hour)],
            lastModified);
    }

    private static (string? Name, BudgetPoolOptions? Options) Declaration(IReadOnlyDictionary<string, BudgetPoolOptions> declared, string key)
    {
        foreach (var (name, options) in declared)
        {
            if (PoolNames.Key(name) == key)
            {
                return (name, options);
            }
        }

        return (null, null);
    }
}
