using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Agents.Pricing;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Tests.Workspace;
using LoopFunctions.Loops.Workspace;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops.Tests.Agents;

/// <summary>What an agent step records about its cost, with a real command agent that reports tokens and a cost.</summary>
public sealed class AgentStepCostTests : IAsyncLifetime
{
    private readonly GitSandbox _git = new();
    private string _script = "";

    public async Task InitializeAsync()
    {
        await _git.InitializeAsync();
        _script = Path.Combine(_git.Root, "agent.sh");
        await File.WriteAllTextAsync(_script, """
            #!/usr/bin/env bash
            set -euo pipefail
            echo "{\"summary\": \"done\", \"usage\": {\"input_tokens\": 1000000, \"output_tokens\": 100000}${COST:-}}"
            """);
    }

    public Task DisposeAsync() => _git.DisposeAsync();

    [Fact]
    public async Task RunAsync_PricedModelThatReportsACost_TableCostCountsAndTheReportIsRecordedBeside()
    {
        var result = await RunAsync(Plan(priced: true), cost: ", \"cost_usd\": 9.5");

        Assert.Equal((3m + 1.5m, false), (result.Spend.CostUsd, result.Spend.Unpriced));
        Assert.Equal((StepCost.PriceTable, (decimal?)9.5m), (result.CostSource, result.ReportedCostUsd));
    }

    [Fact]
    public async Task RunAsync_UnpricedModelThatReportsACost_TheReportCounts()
    {
        var result = await RunAsync(Plan(priced: false), cost: ", \"cost_usd\": 0.25");

        Assert.Equal((0.25m, false, StepCost.AgentReported), (result.Spend.CostUsd, result.Spend.Unpriced, result.CostSource));
    }

    [Fact]
    public async Task RunAsync_UnpricedModelWithoutACost_ZeroAndFlaggedUnpriced()
    {
        var result = await RunAsync(Plan(priced: false), cost: "");

        Assert.Equal((0m, true, StepCost.Unpriced, (decimal?)null), (result.Spend.CostUsd, result.Spend.Unpriced, result.CostSource, result.ReportedCostUsd));
        Assert.Equal(1_100_000, result.Spend.TotalTokens);
    }

    private async Task<AgentStepResult> RunAsync(AgentPlan plan, string cost)
    {
        var workspace = await _git.PrepareAsync();
        var input = new AgentStepInput(workspace, workspace.BaseCommit, "Do it.", null, 1, plan with { Command = ["env", $"COST={cost}", "bash", _script] }, null);
        var result = await AgentStep.RunAsync(input, new AgentFactory(Options.Create(new LoopRunnerOptions())), new LoopRunnerOptions(), CancellationToken.None);
        Assert.True(result.Succeeded, result.Error);
        return result;
    }

    private static AgentPlan Plan(bool priced) =>
        new AgentPlan("command", [], "m", null, false, null, null, 1000, 10, TimeSpan.FromMinutes(1), [], priced ? 3m : 0m, priced ? 15m : 0m)
        {
            Sandbox = SandboxMode.None,
            Priced = priced,
        };
}
