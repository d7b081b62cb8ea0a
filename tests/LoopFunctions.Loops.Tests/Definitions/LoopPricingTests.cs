using LoopFunctions.Loops.Agents.Pricing;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Planning;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Tests.Definitions;

/// <summary>Prices of a loop: the file's over the host's, recorded in the plan, and a cost limit over a model without
/// a price refused at validation and at planning, naming the model and the fix.</summary>
public sealed class LoopPricingTests
{
    private static readonly PriceTable Host = new(new Dictionary<string, ModelPrice> { ["host-model"] = new(1m, 2m, 0.5m) });

    [Fact]
    public void Problems_CostLimitAndAModelWithoutAPrice_ErrorAtTheLimitNamingModelAndFix()
    {
        var loop = Parse(model: "model: my-model", limits: "  max_cost_usd: 2");

        var problem = Assert.Single(LoopPricing.Problems(loop, Host));

        Assert.Equal(("/loops/p.md", 8, 17), (problem.File, problem.Line, problem.Column));
        Assert.Contains("limits.max_cost_usd is set, but model 'my-model' (agent.model) has no price", problem.Message, StringComparison.Ordinal);
        Assert.Contains("prices: { my-model: { input: <USD per 1M>, output: <USD per 1M> } }", problem.Message, StringComparison.Ordinal);
        Assert.Contains("LoopFunctions:Prices:my-model:input", problem.Message, StringComparison.Ordinal);
        Assert.Contains("limits.unpriced: tokens and limits.max_tokens", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model: my-model", "  max_iterations: 2", "")]
    [InlineData("model: my-model", "  max_cost_usd: 2", "prices:\n  my-model: { input: 1, output: 2 }")]
    [InlineData("model: host-model", "  max_cost_usd: 2", "")]
    [InlineData("model: claude-sonnet-4-5-20250929", "  max_cost_usd: 2", "")]
    [InlineData("model: my-model", "  max_cost_usd: 2\n  max_tokens: 1000\n  unpriced: tokens", "")]
    public void Problems_PricedOrNoCostLimitOrTokensAccepted_None(string model, string limits, string extra)
    {
        Assert.Empty(LoopPricing.Problems(Parse(model, limits, extra), Host));
    }

    [Fact]
    public void Problems_CommandAgentWithoutAModel_PricesItselfSoNone()
    {
        var loop = LoopDefinitionParser.Parse("/loops/c.md", """
            ---
            agent: { kind: command, command: [my-agent] }
            verify:
              - command: [make]
            limits: { max_cost_usd: 1 }
            ---
            Goal.
            """);

        Assert.Equal("command", loop.Agent.Model);
        Assert.Empty(LoopPricing.Problems(loop, Host));
    }

    [Fact]
    public void Problems_LadderAndReviewerWithoutPrices_EachNamed()
    {
        var loop = LoopDefinitionParser.Parse("/loops/l.md", """
            ---
            workspace: { branch: head }
            agent:
              kind: openai
              models: [gpt-4.1-mini, big-one]
            review:
              model: reviewer-x
            verify:
              - command: [make]
            limits: { max_cost_usd: 1 }
            ---
            Goal.
            """);

        var problems = LoopPricing.Problems(loop, Host).Select(p => p.Message).ToList();

        Assert.Equal(2, problems.Count);
        Assert.Contains("model 'big-one' (agent.models)", problems[0], StringComparison.Ordinal);
        Assert.Contains("model 'reviewer-x' (review.model)", problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_LoopFilePrices_OverrideTheHostsAndAreRecordedWithCachedPriceAndFlag()
    {
        var loop = Parse("models: [host-model, my-model, no-price]", "  max_iterations: 2", "prices:\n  host-model: { input: 3, output: 4 }\n  my-model: { input: 5, output: 6, cached_input: 0.5 }");

        var plan = LoopPlanner.Plan(loop, new LoopRunRequest("p", "/loops/p.md", "/repo"), "p-1", "/work", Host, DateTime.UnixEpoch);

        Assert.Equal((3m, 4m, (decimal?)null, true), (plan.Agent.InputPricePerMillion, plan.Agent.OutputPricePerMillion, plan.Agent.CachedInputPricePerMillion, plan.Agent.Priced));
        var ladder = plan.Agent.Escalation!.Models;
        Assert.Equal((5m, 6m, (decimal?)0.5m, true), (ladder[1].InputPricePerMillion, ladder[1].OutputPricePerMillion, ladder[1].CachedInputPricePerMillion, ladder[1].Priced));
        Assert.False(ladder[2].Priced);
        Assert.Equal((5m, 0.5m, true), (plan.Agent.On(ladder[1]).InputPricePerMillion, plan.Agent.On(ladder[1]).CachedInputPricePerMillion!.Value, plan.Agent.On(ladder[1]).Priced));
        Assert.False(plan.Agent.On(ladder[2]).Priced);
    }

    [Fact]
    public void Plan_HostPriceWithCachedPrice_Recorded()
    {
        var plan = LoopPlanner.Plan(Parse("model: host-model", "  max_cost_usd: 1"), new LoopRunRequest("p", "/loops/p.md", "/repo"), "p-1", "/work", Host, DateTime.UnixEpoch);

        Assert.Equal((1m, 2m, (decimal?)0.5m, true), (plan.Agent.InputPricePerMillion, plan.Agent.OutputPricePerMillion, plan.Agent.CachedInputPricePerMillion, plan.Agent.Priced));
    }

    [Fact]
    public void Plan_NoCostLimitAndNoPrice_PlannedAndFlaggedUnpriced()
    {
        var plan = LoopPlanner.Plan(Parse("model: my-model", "  max_tokens: 1000"), new LoopRunRequest("p", "/loops/p.md", "/repo"), "p-1", "/work", Host, DateTime.UnixEpoch);

        Assert.False(plan.Agent.Priced);
        Assert.Equal((0m, 0m), (plan.Agent.InputPricePerMillion, plan.Agent.OutputPricePerMillion));
    }

    [Fact]
    public void Plan_CostLimitAndNoPrice_RefusedWithTheFileLine()
    {
        var error = Assert.Throws<LoopDefinitionException>(() => LoopPlanner.Plan(Parse("model: my-model", "  max_cost_usd: 1"), new LoopRunRequest("p", "/loops/p.md", "/repo"), "p-1", "/work", Host, DateTime.UnixEpoch));

        Assert.StartsWith("/loops/p.md:8:17: limits.max_cost_usd is set, but model 'my-model'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithTheHostsPrices_RefusedLoopIsInvalidAndTheOthersValid()
    {
        var folder = Directory.CreateTempSubdirectory("loopfn-prices-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "refused.md"), PricesParserTests.Loop("", "  max_cost_usd: 1", "model: my-model"));
            File.WriteAllText(Path.Combine(folder, "fine.md"), PricesParserTests.Loop("", "  max_cost_usd: 1", "model: host-model"));

            var checkedCatalog = LoopFileReader.Load(folder, Host);
            var parsedOnly = LoopFileReader.Load(folder);

            Assert.Equal(["fine"], checkedCatalog.Loops.Keys);
            Assert.Contains("refused.md:8:17: limits.max_cost_usd is set, but model 'my-model'", Assert.Single(checkedCatalog.Errors).ToString(), StringComparison.Ordinal);
            Assert.Equal(2, parsedOnly.Loops.Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static LoopDefinition Parse(string model, string limits, string extra = "") =>
        LoopDefinitionParser.Parse("/loops/p.md", PricesParserTests.Loop(extra, limits, model));
}
