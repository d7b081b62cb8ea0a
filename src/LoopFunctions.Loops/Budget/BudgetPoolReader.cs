using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.Loops.Budget;

/// <summary>
/// Reads a pool's reservations through a <see cref="DurableTaskClient"/> entity API: the stored state, which may lag
/// the answer to the reserve that made a hold (DurableTask.AzureStorage sends an entity's answers before it stores its
/// state; SQLite commits both together), so a hold neither shown nor recorded as freed is read again until it shows.
/// </summary>
/// <remarks>In a worker host the client is taken from the container when first needed, not injected: a worker's
/// container builds the activities before (and without) a client in some hosts, and a host with no client (or a
/// backend without entities) answers "held", which is how steps ran before pools could be checked. On Azure Functions
/// (isolated worker) no client is a service at all: it is a <c>[DurableClient]</c> input binding of each invocation,
/// which the activity function hands to a reader of its own (<see cref="Over"/>).</remarks>
public sealed class BudgetPoolReader : IBudgetPoolReader
{
    private readonly Func<DurableTaskClient?> _client;

    /// <summary>A reader over the container's client, if it has one.</summary>
    public BudgetPoolReader(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _client = () => services.GetService<DurableTaskClient>();
    }

    private BudgetPoolReader(Func<DurableTaskClient?> client) => _client = client;

    /// <summary>A reader over <paramref name="client"/>: the one an Azure Functions invocation got from its
    /// <c>[DurableClient]</c> binding.</summary>
    public static BudgetPoolReader Over(DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new BudgetPoolReader(() => client);
    }

    /// <inheritdoc />
    public async Task<bool> IsHeldAsync(string pool, string id, CancellationToken cancellationToken)
    {
        if (_client() is not { } client)
        {
            return true;
        }

        return await HoldSeenAsync(client, pool, id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How long a hold that a read neither shows nor shows freed is waited for before the step counts it lost.</summary>
    /// <remarks>DurableTask.AzureStorage sends an entity's answers before it stores the entity's state, so the step a
    /// granted reserve started can read the pool before the grant is there (two workers on one task hub did, in
    /// AzurePoolRaceTests: the step reserved again, beside its own hold, and found the pool full). A hold that is neither
    /// held, settled nor freed is such a grant, or one whose entity batch was never stored (its worker lost the
    /// partition); the bound is for the latter.</remarks>
    public static readonly TimeSpan UnseenGrantWait = TimeSpan.FromMinutes(2);

    private static async Task<bool> HoldSeenAsync(DurableTaskClient client, string pool, string id, CancellationToken cancellationToken)
    {
        var until = DateTimeOffset.UtcNow + UnseenGrantWait;
        var pause = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var entity = await client.Entities.GetEntityAsync<BudgetPoolState>(PoolEntity.Id(pool), includeState: true, cancellationToken).ConfigureAwait(false);
            if (entity?.State is { } state)
            {
                if (state.Reservations.TryGetValue(id, out var hold))
                {
                    // Past its expiry it is freed at the pool's next operation: lost already, not held.
                    return hold.ExpiresAt > DateTimeOffset.UtcNow;
                }

                if (state.RecentlyFreed.Contains(id, StringComparer.Ordinal) || state.RecentlySettled.Contains(id, StringComparer.Ordinal))
                {
                    return false;
                }
            }

            if (DateTimeOffset.UtcNow >= until)
            {
                return false;
            }

            await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
        }
    }
}
