using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoopFunctions.Loops.Budget;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.Host.Tests.TestSupport;

/// <summary>A real host behind a function key with two declared pools (<c>team-a</c>: $10 a day; <c>idle</c>: 5,000
/// tokens a month, never used), and the real BudgetPool entity driven through the host's own client.</summary>
internal static class PoolSite
{
    public const string Key = "budgets-key-0123456789";

    public static async Task<HostSandbox> StartAsync()
    {
        var sandbox = await HostSandbox.CreateAsync();
        try
        {
            sandbox.WriteQuickAndGatedLoops();
            await sandbox.StartHostAsync(
                new Dictionary<string, string?>
                {
                    ["LoopFunctions:Keys"] = Key,
                    ["LoopFunctions:Pools:team-a:MaxCostUsd"] = "10",
                    ["LoopFunctions:Pools:team-a:Period"] = "day",
                    ["LoopFunctions:Pools:idle:MaxTokens"] = "5000",
                    ["LoopFunctions:Pools:idle:Period"] = "month",
                },
                key: Key);
            return sandbox;
        }
        catch
        {
            await sandbox.DisposeAsync();
            throw;
        }
    }

    public static DurableTaskClient Client(HostSandbox sandbox) => sandbox.App!.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>Holds $1 for <c>fix</c> and $0.50 for <c>docs</c> on <c>team-a</c>, settles fix's step at $0.75 and 1,000
    /// tokens, and waits until the pool shows it: spent $0.75, reserved $0.50.</summary>
    public static async Task SpendAsync(HostSandbox sandbox)
    {
        var client = Client(sandbox);
        var pool = PoolEntity.Id("team-a");
        await client.Entities.SignalEntityAsync(pool, PoolEntity.Reserve, new PoolReserveRequest("run-1", "fix", [new PoolItem("run-1/1/1", 2000, 1.00m)]));
        await client.Entities.SignalEntityAsync(pool, PoolEntity.Reserve, new PoolReserveRequest("run-2", "docs", [new PoolItem("run-2/1/1", 1000, 0.50m)]));
        await client.Entities.SignalEntityAsync(pool, PoolEntity.Settle, new PoolSettleRequest("run-1/1/1", "run-1", "fix", 1000, 0.75m));
        await WaitForPoolAsync(sandbox, "team-a", p => p["spentUsd"]!.GetValue<decimal>() == 0.75m && p["reservedUsd"]!.GetValue<decimal>() == 0.50m);
    }

    /// <summary>Polls <c>/api/dashboard/budgets/{pool}</c> until <paramref name="condition"/> holds.</summary>
    public static async Task<JsonNode> WaitForPoolAsync(HostSandbox sandbox, string pool, Func<JsonNode, bool> condition)
    {
        using var deadline = new CancellationTokenSource(HostSandbox.Deadline);
        while (true)
        {
            using var response = await sandbox.Http.GetAsync($"/api/dashboard/budgets/{pool}", deadline.Token);
            if (response.IsSuccessStatusCode && await response.Content.ReadFromJsonAsync<JsonNode>(deadline.Token) is { } body && condition(body))
            {
                return body;
            }

            await Task.Delay(50, deadline.Token);
        }
    }
}
