using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Tests.Agents;
using LoopFunctions.Loops.Tests.TestSupport;
using LoopFunctions.Loops.Tests.Workspace;
using Microsoft.DurableTask;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary>
/// A model without a price, with the real <c>openai</c> agent against the OpenAI-compatible stub over real HTTP: under
/// a cost limit the run is refused before it calls anything; without one it runs and its spend says "unpriced"; a
/// price in the loop file prices it.
/// </summary>
public sealed class UnpricedLoopFlowTests : IAsyncLifetime
{
    private const string KeySetting = "LOOPFN_TEST_UNPRICED_KEY";
    private readonly GitSandbox _git = new();
    private string _loops = "";

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(KeySetting, "sk-unpriced");
        await _git.InitializeAsync();
        _loops = Directory.CreateDirectory(Path.Combine(_git.Root, "loops")).FullName;
        Scripts.Write(Path.Combine(_loops, "check.sh"), "grep -q fixed src/app.txt\n");
    }

    public Task DisposeAsync() => _git.DisposeAsync();

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

    private static StubReply[] Fixes() =>
    [
        StubReply.ToolCalls(500, 60, ("call_1", "write_file", new { path = "src/app.txt", content = "one\ntwo\nfixed\n" })),
        StubReply.Final("Fixed src/app.txt.", 700, 40),
    ];

    private InlineOrchestrationContext Context(StubChatServer server, string limit, string extra = "")
    {
        File.WriteAllText(Path.Combine(_loops, "local.md"), $"""
            ---
            workspace:
              repository: {_git.Remote}
            agent:
              kind: openai
              model: my-local-model
              endpoint: {server.OpenAiEndpoint}
              api_key_env: {KeySetting}
              max_output_tokens: 1000
            verify:
              - command: [sh, "{"{loop_dir}"}/check.sh"]
            limits:
              max_iterations: 2
              {limit}
            {extra}---
            Make src/app.txt say fixed.
            """);
        return new InlineOrchestrationContext("local-1", o => o.WorkRoot = _git.WorkRoot);
    }

    private LoopRunRequest Request() => new("local", Path.Combine(_loops, "local.md"));
}
