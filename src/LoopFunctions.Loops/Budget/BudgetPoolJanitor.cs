using LoopFunctions.Loops.Activities;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops.Budget;

/// <summary>
/// Frees what dead runs still hold in the budget pools: every <see cref="Interval"/>, for each declared pool, reads its
/// state through the client's entity API and releases, <b>by id</b>, each reservation whose run is gone (purged) or
/// ended (Completed, Failed, Terminated). By id, so a sweep that read a stale state never frees a hold made since.
/// A run that ends normally releases its own holds; this covers the runs that cannot (terminated, purged, Failed, a
/// host that died for good), before their reservations expire.
/// </summary>
/// <remarks>A worker host adds it with <see cref="LoopsBuilderExtensions.AddBudgetPoolJanitor"/>; it needs a
/// <see cref="DurableTaskClient"/> in the container and a backend with entities. A sweep that fails (the store is
/// busy, the backend has no entities) is logged and tried again at the next tick.</remarks>
public sealed partial class BudgetPoolJanitor(DurableTaskClient client, IOptionsMonitor<LoopRunnerOptions> options, TimeProvider time, ILogger<BudgetPoolJanitor> log) : BackgroundService
{
    /// <summary>How often the pools are swept.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);

    /// <summary>Sweeps every declared pool once.</summary>
    /// <returns>How many reservations were released.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var released = 0;
        foreach (var pool in options.CurrentValue.Pools.Keys)
        {
            var id = PoolEntity.Id(pool);
            var entity = await client.Entities.GetEntityAsync<BudgetPoolState>(id, includeState: true, cancellationToken).ConfigureAwait(false);
            if (entity?.State is not { Reservations.Count: > 0 } state)
            {
                continue;
            }

            var dead = new List<string>();
            foreach (var run in state.Reservations.GroupBy(r => r.Value.RunId, StringComparer.Ordinal))
            {
                var instance = await client.GetInstanceAsync(run.Key, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
                if (instance is null or { RuntimeStatus: OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated })
                {
                    dead.AddRange(run.Select(r => r.Key));
                }
            }

            if (dead.Count > 0)
            {
                await client.Entities.SignalEntityAsync(id, PoolEntity.Release, new PoolReleaseRequest(dead), cancellation: cancellationToken).ConfigureAwait(false);
                Log.PoolReservationsReleased(log, id.Key, dead.Count, string.Join(", ", dead));
                released += dead.Count;
            }
        }

        return released;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.PoolSweepFailed(log, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
