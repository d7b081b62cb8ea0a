using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;

namespace LoopFunctions.Loops.Budget;

/// <summary>What tools do to the pools on a run's behalf.</summary>
public static class BudgetPools
{
    /// <summary>
    /// Frees every hold the run <paramref name="instanceId"/> has in any pool, and waits (up to
    /// <paramref name="wait"/>, 30 seconds by default) until the pools have applied it. A rewind calls it first: the
    /// rewound agent step then finds its hold gone and reserves again, instead of running under a hold the janitor
    /// may free at any moment.
    /// </summary>
    /// <returns>The pools that held something of the run.</returns>
    public static async Task<IReadOnlyList<string>> ReleaseRunAsync(DurableTaskClient client, string instanceId, TimeSpan? wait = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var holding = new List<Microsoft.DurableTask.Entities.EntityInstanceId>();
        var query = new EntityQuery { InstanceIdStartsWith = $"@{PoolEntity.Name.ToLowerInvariant()}@", IncludeState = true };
        try
        {
            await foreach (var entity in client.Entities.GetAllEntitiesAsync<BudgetPoolState>(query).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (entity.State?.Reservations.Values.Any(r => r.RunId == instanceId) == true)
                {
                    holding.Add(entity.Id);
                    await client.Entities.SignalEntityAsync(entity.Id, PoolEntity.Release, new PoolReleaseRequest(RunId: instanceId), cancellation: cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (NotSupportedException)
        {
            // A backend without entities has no pools to release from.
            return [];
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait ?? TimeSpan.FromSeconds(30));
        foreach (var id in holding)
        {
            while (!deadline.IsCancellationRequested)
            {
                var state = (await client.Entities.GetEntityAsync<BudgetPoolState>(id, includeState: true, cancellationToken).ConfigureAwait(false))?.State;
                if (state?.Reservations.Values.Any(r => r.RunId == instanceId) != true)
                {
                    break;
                }

                // A signal is applied in the entity's next batch; polling is all a client can do.
                await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None).ConfigureAwait(false);
            }
        }

        return holding.Select(h => h.Key).ToList();
    }
}
