using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Tests.Agents;
using Microsoft.DurableTask;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary>
/// A model without a price, with the real <c>openai</c> agent against the OpenAI-compatible stub over real HTTP: under
/// a cost limit the run is refused before it calls anything; without one it runs and its spend says "unpriced"; a
/// price in the loop file prices it.
/// </summary>
public sealed class UnpricedLoopFlowTests : IAsyncLifetime
{
    private readonly StubAgentLoops _sandbox = new("LOOPFN_TEST_UNPRICED_KEY", "sk-unpriced");

    public Task InitializeAsync() => _sandbox.InitializeAsync();

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    [Fact]
    public async Task RunAsync_CostLimitAndAModelWithoutAPrice_RefusedBeforeAnyStep()
    {
        await using var server = await StubChatServer.StartAsync(Fixes());
        using var context = Context(server, "max_cost_usd: 1.00");

        var error = await Assert.ThrowsAsync<TaskFailedException>(() => context.RunAsync(Request()));

        var refusal = Assert.IsType<LoopDefinitionException>(error.InnerException);
        Assert.Contains("limits.max_cost_usd is set, but model 'my-local-model' (agent.model) has no price", refusal.Message, StringComparison.Ordinal);
        Assert.Equal([LoopActivityNames.LoadPlan], context.Calls);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task RunAsync_NoCostLimitAndAModelWithoutAPrice_RunsAndItsSpendSaysUnpriced()
    {
        await using var server = await StubChatServer.StartAsync(Fixes());
        using var context = Context(server, "max_tokens: 100000");

        var result = await context.RunAsync(Request());

        Assert.Equal(LoopOutcome.Verified, result.Outcome);
        var iteration = Assert.Single(result.Iterations);
        Assert.Equal((1300L, 0m, true), (iteration.Spend.TotalTokens, iteration.Spend.CostUsd, iteration.Spend.Unpriced));
        Assert.True(result.Spent.Unpriced);
        Assert.Equal("unpriced", result.Spent.CostText());
        Assert.True(context.Statuses[^1].Spent.Unpriced);
    }

    [Fact]
    public async Task RunAsync_PriceInTheLoopFile_PricesTheModelUnderACostLimit()
    {
        await using var server = await StubChatServer.StartAsync(Fixes());
        using var context = Context(server, "max_cost_usd: 1.00", "prices:\n  my-local-model: { input: 10, output: 20 }\n");

        var result = await context.RunAsync(Request());

        Assert.Equal(LoopOutcome.Verified, result.Outcome);
        var iteration = Assert.Single(result.Iterations);
        Assert.False(iteration.Spend.Unpriced);
        Assert.Equal(((1200 * 10m) + (100 * 20m)) / 1_000_000m, iteration.Spend.CostUsd);
    }

    private static StubReply[] Fixes() => StubAgentLoops.Fixes();

    private InlineOrchestrationContext Context(StubChatServer server, string limit, string extra = "")
    {
        _sandbox.WriteLoop("local", server, "model: my-local-model", $"limits:\n  max_iterations: 2\n  {limit}\n{extra}");
        return new InlineOrchestrationContext("local-1", o => o.WorkRoot = _sandbox.WorkRoot);
    }

    private LoopRunRequest Request() => _sandbox.Request("local");
}
