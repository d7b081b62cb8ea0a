using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.Loops.Budget;

/// <summary>
/// Reads a pool's reservations through the host's <see cref="DurableTaskClient"/> entity API (the stored state, which
/// an entity writes with the answer to the reserve that made the hold, so a granted hold is always visible).
/// </summary>
/// <remarks>The client is taken from the container when first needed, not injected: a worker's container builds the
/// activities before (and without) a client in some hosts, and a host with no client (or a backend without entities)
/// answers "held", which is how steps ran before pools could be checked.</remarks>
public sealed class BudgetPoolReader(IServiceProvider services) : IBudgetPoolReader
{
    /// <inheritdoc />
    public async Task<bool> IsHeldAsync(string pool, string id, CancellationToken cancellationToken)
    {
        if (services.GetService<DurableTaskClient>() is not { } client)
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
                if (state.Reservations.ContainsKey(id))
                {
                    return true;
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
