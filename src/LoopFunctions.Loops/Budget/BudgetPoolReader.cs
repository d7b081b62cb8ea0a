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

        var entity = await client.Entities.GetEntityAsync<BudgetPoolState>(PoolEntity.Id(pool), includeState: true, cancellationToken).ConfigureAwait(false);
        return entity?.State?.Reservations.ContainsKey(id) == true;
    }
}
