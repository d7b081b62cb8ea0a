using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Tests.Agents;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary>
/// <c>agent.models</c> with the real <c>openai</c> agent against the OpenAI-compatible stub over real HTTP: the loop
/// starts on the cheap model, moves up when it stalls, and every budget check prices the next step at the model about
/// to be called.
/// </summary>
public sealed class EscalationLoopFlowTests : IAsyncLifetime
{
    private readonly StubAgentLoops _sandbox = new("LOOPFN_TEST_ESCALATION_KEY", "sk-escalation");

    public Task InitializeAsync() => _sandbox.InitializeAsync();

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    [Fact]
    public async Task RunAsync_SmallModelStalls_EscalatesToTheLargeOneWhichVerifies()
    {
        await using var server = await StubChatServer.StartAsync(
            StubReply.Final("I looked around.", 500, 50),
            StubReply.Final("Still looking.", 500, 50),
            StubReply.ToolCalls(800, 60, ("call_1", "write_file", new { path = "src/app.txt", content = "one\ntwo\nfixed\n" })),
            StubReply.Final("Fixed src/app.txt.", 900, 20));
        using var context = Context(server, maxCost: "1.00");

        var result = await context.RunAsync(Request());

        Assert.Equal(LoopOutcome.Verified, result.Outcome);
        Assert.Equal(["gpt-4.1-mini", "gpt-4.1-mini", "gpt-4.1", "gpt-4.1"], server.Requests.Select(r => r.Json.GetProperty("model").GetString()));
        Assert.Equal(["gpt-4.1-mini", "gpt-4.1-mini", "gpt-4.1"], result.Iterations.Select(i => i.Model));
        var escalation = Assert.Single(result.Escalations);
        Assert.Equal((2, "gpt-4.1-mini", "gpt-4.1"), (escalation.AfterIteration, escalation.From, escalation.To));
        Assert.Contains("no improvement for 1 iteration(s)", escalation.Reason, StringComparison.Ordinal);
        // Each step is priced at its own model: $0.40/$1.60 per million for the mini, $2/$8 for gpt-4.1.
        Assert.Equal([0.00028m, 0.00028m, ((1700 * 2m) + (80 * 8m)) / 1_000_000m], result.Iterations.Select(i => i.Spend.CostUsd));
        Assert.Equal("gpt-4.1", context.Statuses.Last(s => s.Phase == LoopPhase.Agent).Model);
    }

    [Fact]
    public async Task RunAsync_BudgetFitsTheSmallModelOnly_StopsBeforeCallingTheLargeOne()
    {
        await using var server = await StubChatServer.StartAsync(
            StubReply.Final("I looked around.", 500, 50),
            StubReply.Final("Still looking.", 500, 50));
        // The mini's worst case (about $0.002) fits twice; gpt-4.1's (about $0.01) does not fit what is left.
        using var context = Context(server, maxCost: "0.005");

        var result = await context.RunAsync(Request());

        Assert.Equal(LoopOutcome.BudgetExhausted, result.Outcome);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("gpt-4.1-mini", r.Json.GetProperty("model").GetString()));
        Assert.Contains("for the next step on gpt-4.1 > max_cost_usd $0.005", result.Reason, StringComparison.Ordinal);
    }

    private InlineOrchestrationContext Context(StubChatServer server, string maxCost)
    {
        _sandbox.WriteLoop(
            "cheap-first", server, "models: [gpt-4.1-mini, gpt-4.1]\n  escalate: { after_stalled: 1 }", $"limits:\n  max_iterations: 5\n  max_cost_usd: {maxCost}\n  stall_after: 2\n");
        return new InlineOrchestrationContext("cheap-first-1", o => o.WorkRoot = _sandbox.WorkRoot);
    }

    private LoopRunRequest Request() => _sandbox.Request("cheap-first");
}
