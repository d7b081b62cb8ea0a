using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Budget;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Host.Dashboard;

/// <summary><c>/api/dashboard/budgets</c> (<c>{"now", "pools": [...]}</c>) and <c>/api/dashboard/budgets/{pool}</c> (one
/// <see cref="PoolView"/>, 404 when the pool is neither declared nor used): the pools the host's settings declare plus
/// every <see cref="BudgetPool"/> entity with state, caps from the settings as they are now.</summary>
/// <remarks>Only amounts, periods and loop names: a pool holds no secret. Run ids in the reservations are left out
/// too, as the dashboard links runs through its own list.</remarks>
internal static class BudgetReport
{
    public static void MapBudgets(this RouteGroupBuilder api)
    {
        api.MapGet("/budgets", async (DurableTaskClient client, IOptionsMonitor<LoopRunnerOptions> options, TimeProvider time, CancellationToken ct) =>
        {
            var now = time.GetUtcNow();
            var pools = await PoolReport.ReadAllAsync(client, options.CurrentValue.Pools, now, ct).ConfigureAwait(false);
            return Results.Json(new { now, pools });
        });
        api.MapGet("/budgets/{pool}", async (string pool, DurableTaskClient client, IOptionsMonitor<LoopRunnerOptions> options, TimeProvider time, CancellationToken ct) =>
        {
            var view = await PoolReport.ReadAsync(client, options.CurrentValue.Pools, pool, time.GetUtcNow(), ct).ConfigureAwait(false);
            return view is null ? ApiResults.NotFound($"no budget pool '{pool}': the host's settings do not declare it and no loop has used it") : Results.Json(view);
        });
    }
}
