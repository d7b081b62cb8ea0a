using System.Text.Json;

namespace LoopFunctions.Cli.Tests;

/// <summary>Prices through the real <c>loopfn</c> process: a cost limit over a model without a price is refused by
/// <c>validate</c> and by <c>run</c> (which then starts nothing), a price from the environment
/// (<c>LoopFunctions__Prices__...</c>) or the loop file lets it through, and a run on an unpriced model shows
/// "unpriced" in <c>loopfn costs</c> instead of $0.</summary>
public sealed class PricingCommandTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Validate_CostLimitOverAModelWithoutAPrice_RefusedAtTheLimitsLine()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var loops = Directory.CreateDirectory(Path.Combine(sandbox.Root, "loops")).FullName;
        File.Move(sandbox.Loop("local", sandbox.Agent("fix", Agents.Fix), limits: "max_cost_usd: 1", agent: "model: my-local-model"), Path.Combine(loops, "local.md"));

        await using var validate = CliProcess.Start("validate", loops);

        Assert.Equal(1, await validate.WaitForExitAsync(Deadline));
        Assert.Contains("local.md:14:17: limits.max_cost_usd is set, but model 'my-local-model' (agent.model) has no price", validate.Output, StringComparison.Ordinal);
        Assert.Contains("0 valid, 1 invalid", validate.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_PriceFromTheEnvironment_Valid()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var loops = Directory.CreateDirectory(Path.Combine(sandbox.Root, "loops")).FullName;
        File.Move(sandbox.Loop("local", sandbox.Agent("fix", Agents.Fix), limits: "max_cost_usd: 1", agent: "model: my-local-model"), Path.Combine(loops, "local.md"));
        var environment = new Dictionary<string, string>
        {
            ["LoopFunctions__Prices__my-local-model__input"] = "0.5",
            ["LoopFunctions__Prices__my-local-model__output"] = "1.5",
        };

        await using var validate = CliProcess.Start(environment, "validate", loops);

        Assert.True(await validate.WaitForExitAsync(Deadline) == 0, validate.Output);
        Assert.Contains("1 valid, 0 invalid", validate.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_BadPriceSetting_ErrorNamesTheKey()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var environment = new Dictionary<string, string> { ["LoopFunctions__Prices__my-local-model__input"] = "-1" };

        await using var validate = CliProcess.Start(environment, "validate", sandbox.Root);

        Assert.Equal(1, await validate.WaitForExitAsync(Deadline));
        Assert.Contains("loopfn: LoopFunctions:Prices:my-local-model:input: '-1' is not a price", validate.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CostLimitOverAModelWithoutAPrice_RefusedBeforeTheStoreIsOpened()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var marker = Path.Combine(sandbox.Markers, "agent-ran");
        var loop = sandbox.Loop("local", sandbox.Agent("fix", $"touch \"{marker}\"\n" + Agents.Fix), limits: "max_cost_usd: 1", agent: "model: my-local-model");

        await using var run = CliProcess.Start("run", loop, "--repo", sandbox.Repository, "--store", sandbox.Store);

        Assert.Equal(1, await run.WaitForExitAsync(Deadline));
        Assert.Contains("model 'my-local-model' (agent.model) has no price", run.Output, StringComparison.Ordinal);
        Assert.Contains("limits.unpriced: tokens", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(sandbox.Store));
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task RunAndCosts_ModelWithoutAPriceAndNoCostLimit_RunsAndCostsSayUnpriced()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var loop = sandbox.Loop("local", sandbox.Agent("fix", Agents.Fix), limits: "max_tokens: 100000", agent: "model: my-local-model");

        await using var run = CliProcess.Start("run", loop, "--repo", sandbox.Repository, "--store", sandbox.Store, "--json");
        Assert.True(await run.WaitForExitAsync(Deadline) == 0, run.Output);
        await using var costs = CliProcess.Start("costs", "--store", sandbox.Store);
        Assert.Equal(0, await costs.WaitForExitAsync(Deadline));
        await using var json = CliProcess.Start("costs", "--store", sandbox.Store, "--json");
        Assert.Equal(0, await json.WaitForExitAsync(Deadline));

        Assert.Contains("1,500 tokens, unpriced", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"local\s+1\s+100 %\s+1\s+1,500\s+unpriced\s+unpriced", costs.Output);
        Assert.Matches(@"local\s+my-local-model\s+1\s+1\s+1,500\s+unpriced\s+1\s+unpriced", costs.Output);
        var report = JsonDocument.Parse(json.Output).RootElement;
        Assert.True(report.GetProperty("loops")[0].GetProperty("unpriced").GetBoolean());
        Assert.True(report.GetProperty("models")[0].GetProperty("unpriced").GetBoolean());
    }
}
