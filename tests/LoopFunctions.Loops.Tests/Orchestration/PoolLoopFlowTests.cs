using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Budget;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Tests.Agents;
using Microsoft.DurableTask;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary>
/// <c>limits.pool</c> with the real <c>openai</c> agent against the OpenAI-compatible stub over real HTTP and the
/// <see cref="BudgetPool"/> entity run inline: each agent step reserves its worst case first and settles after; a pool
/// that cannot hold the next step stops the run before the call, as the run's own cap does.
/// </summary>
public sealed class PoolLoopFlowTests : IAsyncLifetime
{
    private readonly StubAgentLoops _sandbox = new("LOOPFN_TEST_POOL_KEY", "sk-pool");

    public Task InitializeAsync() => _sandbox.InitializeAsync();

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    [Fact]
    public async Task RunAsync_PoolCoversTwoOfThreeSteps_StopsBudgetExhaustedNamingThePoolBeforeTheThirdCall()
    {
        await using var server = await StubChatServer.StartAsync(
            StubReply.Final("I looked around.", 500, 50),
            StubReply.Final("Still looking.", 500, 50),
            StubReply.Final("One more look.", 500, 50));
        // A step's worst case on gpt-4.1-mini is about $0.0020 (1,000 output tokens and the prompt's estimate), and
        // each step spends $0.00028: the pool holds the first two steps' worst cases, not the third's.
        using var context = Context(server, "limits:\n  max_iterations: 5\n  stall_after: 0\n  pool: Team-A\n", maxCostUsd: 0.0025m);

        var result = await context.RunAsync(Request());

        Assert.Equal(LoopOutcome.BudgetExhausted, result.Outcome);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(2, result.Iterations.Count);
        Assert.StartsWith("Stopped before the next agent call: pool 'team-a': $0.00056 spent + $0.00 reserved + up to $0.0020024 for the next step > max_cost_usd $0.0025 (day ", result.Reason, StringComparison.Ordinal);
        var pool = PoolEntity.Id("team-a");
        Assert.Equal(
            ["call reserve", "signal settle", "call reserve", "signal settle", "call reserve", "signal release"],
            context.InlineEntities.Operations.Select(o => o.Replace($" {pool}", "", StringComparison.Ordinal)));
        var state = context.InlineEntities.StateOf<BudgetPoolState>(pool)!;
        Assert.Equal((0.00056m, 1_100L), (state.SpentUsd, state.SpentTokens));
        Assert.Empty(state.Reservations);
        Assert.Equal(new PoolLoopTotal(0.00056m, 1_100, 2), state.ByLoop["pooled"]);
        Assert.Contains("pool 'team-a'", Assert.Single(state.Denied).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PooledRunVerifies_SettlesItsStepAndReleasesAtTheEnd()
    {
        await using var server = await StubChatServer.StartAsync(Fixes());
        using var context = Context(server, "limits:\n  max_iterations: 2\n  pool: team-a\n", maxCostUsd: 1.00m);

        var result = await context.RunAsync(Request());

        Assert.Equal(LoopOutcome.Verified, result.Outcome);
        var pool = PoolEntity.Id("team-a");
        Assert.Equal([$"call reserve {pool}", $"signal settle {pool}", $"signal release {pool}"], context.InlineEntities.Operations);
        var state = context.InlineEntities.StateOf<BudgetPoolState>(pool)!;
        Assert.Equal((result.Spent.CostUsd, result.Spent.TotalTokens, 0), (state.SpentUsd, state.SpentTokens, state.Reservations.Count));
        Assert.Equal(["local-1/1/1"], state.RecentlySettled);
    }

    [Fact]
    public async Task RunAsync_NoPool_SendsNoEntityOperation()
    {
        await using var server = await StubChatServer.StartAsync(Fixes());
        using var context = Context(server, "limits:\n  max_iterations: 2\n", maxCostUsd: 1.00m);

        var result = await context.RunAsync(Request());

        Assert.Equal(LoopOutcome.Verified, result.Outcome);
        Assert.Empty(context.InlineEntities.Operations);
    }

    [Fact]
    public async Task RunAsync_PoolTheHostDoesNotDeclare_RefusedBeforeAnyStep()
    {
        await using var server = await StubChatServer.StartAsync(Fixes());
        using var context = Context(server, "limits:\n  pool: team-b\n", maxCostUsd: 1.00m);

        var error = await Assert.ThrowsAsync<TaskFailedException>(() => context.RunAsync(Request()));

        var refusal = Assert.IsType<LoopDefinitionException>(error.InnerException);
        Assert.Contains("limits.pool names the budget pool 'team-b', which the host's settings do not declare", refusal.Message, StringComparison.Ordinal);
        Assert.Equal([LoopActivityNames.LoadPlan], context.Calls);
        Assert.Empty(context.InlineEntities.Operations);
        Assert.Empty(server.Requests);
    }

    private static StubReply[] Fixes() => StubAgentLoops.Fixes();

    private InlineOrchestrationContext Context(StubChatServer server, string limits, decimal maxCostUsd)
    {
        _sandbox.WriteLoop("pooled", server, "model: gpt-4.1-mini", limits);
        return new InlineOrchestrationContext("local-1", o =>
        {
            o.WorkRoot = _sandbox.WorkRoot;
            o.Pools["team-a"] = new BudgetPoolOptions { Period = PoolPeriod.Day, MaxCostUsd = maxCostUsd };
        });
    }

    private LoopRunRequest Request() => _sandbox.Request("pooled");
}
