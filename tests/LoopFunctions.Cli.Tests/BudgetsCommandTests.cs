using System.Text.Json.Nodes;
using LoopFunctions.Loops.Budget;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Cli.Tests;

/// <summary><c>loopfn budgets</c> on a real store file whose pool state the real BudgetPool entity wrote: reserve and
/// settle signalled through the engine's <see cref="DurableTaskClient.Entities"/>, then read back by the command.</summary>
/// <remarks>The pool is declared in this process's environment (the CLI reads pools from it) under a name no other
/// test uses, so parallel tests see one more pool and nothing else.</remarks>
public sealed class BudgetsCommandTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private readonly string _pool = "cli" + Guid.NewGuid().ToString("N")[..12];
    private LoopSandbox _sandbox = null!;

    private string CapVariable => $"LoopFunctions__Pools__{_pool}__MaxCostUsd";

    public async Task InitializeAsync()
    {
        _sandbox = await LoopSandbox.CreateAsync();
        Environment.SetEnvironmentVariable(CapVariable, "10");
    }

    public Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(CapVariable, null);
        _sandbox.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Budgets_PoolWithAHoldAndASettledStep_JsonShowsCapSpentReservedLeftAndLoops()
    {
        await SpendAsync();

        var (exit, output, error) = await CliAsync("budgets", _pool, "--store", _sandbox.Store, "--json");

        Assert.True(exit == ExitCodes.Success, error);
        var pool = Assert.Single(JsonNode.Parse(output)!["pools"]!.AsArray())!;
        Assert.Equal(_pool, pool["pool"]!.ToString());
        Assert.Equal("day", pool["period"]!.ToString());
        Assert.Equal(10m, pool["maxCostUsd"]!.GetValue<decimal>());
        Assert.Equal(0.75m, pool["spentUsd"]!.GetValue<decimal>());
        Assert.Equal(0.50m, pool["reservedUsd"]!.GetValue<decimal>());
        Assert.Equal(8.75m, pool["leftUsd"]!.GetValue<decimal>());
        Assert.Equal("fix", pool["loops"]![0]!["loop"]!.ToString());
        Assert.Equal(3, pool["loops"]![0]!["steps"]!.GetValue<int>());
        Assert.Equal(0.75m, pool["burn"]!.AsArray().Sum(b => b!["usd"]!.GetValue<decimal>()));
    }

    [Fact]
    public async Task Budgets_RealProcessNotATerminal_PlainTextWithPeriodAmountsLoopsAndSparkline()
    {
        await SpendAsync();
        var environment = new Dictionary<string, string> { [CapVariable] = "10" };

        await using var all = CliProcess.Start(environment, "budgets", "--store", _sandbox.Store);
        Assert.True(await all.WaitForExitAsync(Deadline) == 0, all.Output);

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"{_pool}: day {today} (from {today} 00:00Z)", all.Output, StringComparison.Ordinal);
        Assert.Contains("cap $10.00  spent $0.75 + 1,000 tok  reserved $0.50 + 1,000 tok (1)  left $8.75", all.Output, StringComparison.Ordinal);
        Assert.Contains("loops fix $0.75 (3 steps)", all.Output, StringComparison.Ordinal);
        Assert.Matches(@"burn \|[ ▁▂▃▄▅▆▇]*█[ ▁▂▃▄▅▆▇█]*\|", all.Output);
    }

    [Fact]
    public async Task Budgets_UnknownPoolOrMissingStore_ExitsOneSayingWhy()
    {
        await using (await LocalEngine.OpenAsync(_sandbox.Store, startWorker: true))
        {
        }

        var (unknown, _, unknownError) = await CliAsync("budgets", "nobody-here", "--store", _sandbox.Store);
        var (missing, _, missingError) = await CliAsync("budgets", "--store", Path.Combine(_sandbox.Root, "none.db"));

        Assert.Equal(ExitCodes.Error, unknown);
        Assert.Contains("no budget pool 'nobody-here'", unknownError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Error, missing);
        Assert.Contains("no store at", missingError, StringComparison.Ordinal);
    }

    /// <summary>Three steps of <c>fix</c> settle $0.25 each (1,000 tokens in all); <c>docs</c> holds $0.50.</summary>
    private async Task SpendAsync()
    {
        await using var engine = await LocalEngine.OpenAsync(_sandbox.Store, startWorker: true);
        var id = PoolEntity.Id(_pool);
        var entities = engine.Client.Entities;
        for (var i = 1; i <= 3; i++)
        {
            await entities.SignalEntityAsync(id, PoolEntity.Reserve, new PoolReserveRequest("run-1", "fix", [new PoolItem($"run-1/{i}/1", 1000, 0.50m)]));
            await entities.SignalEntityAsync(id, PoolEntity.Settle, new PoolSettleRequest($"run-1/{i}/1", "run-1", "fix", i == 3 ? 334 : 333, 0.25m));
        }

        await entities.SignalEntityAsync(id, PoolEntity.Reserve, new PoolReserveRequest("run-2", "docs", [new PoolItem("run-2/1/1", 1000, 0.50m)]));
        using var deadline = new CancellationTokenSource(Deadline);
        while (await entities.GetEntityAsync<BudgetPoolState>(id, includeState: true, deadline.Token) is not { State: { SpentUsd: 0.75m, Reservations.Count: 1 } })
        {
            await Task.Delay(50, deadline.Token);
        }
    }

    private static async Task<(int Exit, string Output, string Error)> CliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
