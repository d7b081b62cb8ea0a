using System.Text.Json;
using System.Text.Json.Nodes;
using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Agents.Pricing;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Tests.Agents.Pricing;

/// <summary>The one rule for a step's cost: the table's price when there is one (the agent's own figure kept beside
/// it), else the agent's reported cost, else unpriced.</summary>
public sealed class StepCostTests
{
    private static readonly TokenUsage Usage = new(1_000_000, 100_000) { CachedInputTokens = 500_000 };

    [Fact]
    public void Resolve_PricedModelAndAReportedCost_TableCountsAndTheReportIsKept()
    {
        var cost = StepCost.Resolve(Plan(priced: true), Usage, 9.99m);

        // 500k uncached at $3, 500k cached at $0.30, 100k out at $15.
        Assert.Equal(new ResolvedCost(1.5m + 0.15m + 1.5m, StepCost.PriceTable, 9.99m), cost);
        Assert.False(cost.Unpriced);
    }

    [Fact]
    public void Resolve_PricedModelWithoutAReport_TableCounts()
    {
        Assert.Equal(new ResolvedCost(3.15m, StepCost.PriceTable, null), StepCost.Resolve(Plan(priced: true), Usage, null));
    }

    [Fact]
    public void Resolve_UnpricedModelAndAReportedCost_TheReportCounts()
    {
        Assert.Equal(new ResolvedCost(0.42m, StepCost.AgentReported, 0.42m), StepCost.Resolve(Plan(priced: false), Usage, 0.42m));
    }

    [Fact]
    public void Resolve_UnpricedModelWithoutAReport_ZeroAndFlagged()
    {
        var cost = StepCost.Resolve(Plan(priced: false), Usage, null);

        Assert.Equal(new ResolvedCost(0m, StepCost.Unpriced, null), cost);
        Assert.True(cost.Unpriced);
    }

    [Fact]
    public void Resolve_ModelPricedAtZero_PricedNotUnpriced()
    {
        var free = Plan(priced: true) with { InputPricePerMillion = 0m, OutputPricePerMillion = 0m, CachedInputPricePerMillion = null };

        Assert.Equal(new ResolvedCost(0m, StepCost.PriceTable, null), StepCost.Resolve(free, Usage, null));
    }

    [Fact]
    public void Priced_PlanRecordedBeforeTheFlag_PricedByItsNonZeroPrices()
    {
        var recorded = JsonSerializer.SerializeToNode(Plan(priced: true), LoopSerialization.Options)!.AsObject();
        Assert.True(recorded.Remove("priced") && recorded.Remove("cachedInputPricePerMillion"));

        var legacy = recorded.Deserialize<AgentPlan>(LoopSerialization.Options)!;

        Assert.True(legacy.Priced);
        Assert.False((Plan(priced: true) with { InputPricePerMillion = 0, OutputPricePerMillion = 0 }).On(new ModelChoice("m")).Priced);
    }

    private static AgentPlan Plan(bool priced) => new AgentPlan("command", ["agent"], "m", null, false, null, null, 1000, 10, TimeSpan.FromMinutes(1), [], priced ? 3m : 0m, priced ? 15m : 0m)
    {
        CachedInputPricePerMillion = priced ? 0.3m : null,
        Priced = priced,
    };
}
