using System.Text.Json.Nodes;
using LoopFunctions.Cli;
using LoopFunctions.Host.Tests.TestSupport;

namespace LoopFunctions.Host.Tests.Budgets;

/// <summary><c>loopfn budgets --host</c> against a real host on 127.0.0.1: the pools as the host's settings and its
/// BudgetPool entities give them.</summary>
public sealed class BudgetsRemoteCommandTests : IAsyncLifetime
{
    private HostSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await PoolSite.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task BudgetsHost_TwoDeclaredPoolsOneUsed_JsonAndTextFromTheHost()
    {
        await PoolSite.SpendAsync(_sandbox);
        var url = _sandbox.Http.BaseAddress!.ToString();

        var (exit, output, error) = await CliAsync("budgets", "--host", url, "--key", PoolSite.Key, "--json");
        var (oneExit, one, oneError) = await CliAsync("budgets", "team-a", "--host", url, "--key", PoolSite.Key);
        var (unknownExit, _, unknownError) = await CliAsync("budgets", "nobody", "--host", url, "--key", PoolSite.Key);

        Assert.True(exit == ExitCodes.Success, error);
        var pools = JsonNode.Parse(output)!["pools"]!.AsArray();
        Assert.Equal(["idle", "team-a"], pools.Select(p => p!["pool"]!.ToString()));
        Assert.Equal(8.75m, pools[1]!["leftUsd"]!.GetValue<decimal>());
        Assert.True(oneExit == ExitCodes.Success, oneError);
        Assert.Contains("cap $10.00  spent $0.75 + 1,000 tok  reserved $0.50 + 1,000 tok (1)  left $8.75", one, StringComparison.Ordinal);
        Assert.Contains("loops fix $0.75 (1 step)", one, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Error, unknownExit);
        Assert.Contains("no budget pool 'nobody'", unknownError, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> CliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
