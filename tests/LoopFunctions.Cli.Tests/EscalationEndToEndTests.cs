using System.Text.Json;
using LoopFunctions.Loops.Tests.Agents;

namespace LoopFunctions.Cli.Tests;

/// <summary><c>agent.models</c> through the real <c>loopfn</c> process: the built-in agent against the OpenAI-compatible
/// stub over real HTTP stalls on the cheap model, moves to the large one, verifies, and <c>loopfn costs</c> shows what
/// each model cost per verified run.</summary>
public sealed class EscalationEndToEndTests
{
    private const string KeySetting = "LOOPFN_E2E_ESCALATION_KEY";

    [Fact]
    public async Task Run_CheapModelStalls_LargeModelFixesItAndCostsShowBothModels()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        await using var server = await StubChatServer.StartAsync(
            StubReply.Final("I read the code; nothing to change.", 800, 40),
            StubReply.Final("Still nothing.", 800, 40),
            StubReply.ToolCalls(1200, 80, ("call_1", "edit_file", new { path = "src/calc.sh", old = "add() {\n  echo $(( $1 - $2 ))", @new = "add() {\n  echo $(( $1 + $2 ))" })),
            StubReply.Final("add now adds.", 1300, 20));
        var loop = Path.Combine(sandbox.Root, "cheap-first.md");
        await File.WriteAllTextAsync(loop, $"""
            ---
            workspace:
              base_branch: main
            agent:
              kind: openai
              models: [gpt-4.1-mini, gpt-4.1]
              escalate: {"{ after_stalled: 1 }"}
              endpoint: {server.OpenAiEndpoint}
              api_key_env: {KeySetting}
              max_output_tokens: 1000
            verify:
              - name: tests
                command: [bash, tests/test_calc.sh]
                timeout: 1m
            limits:
              max_iterations: 5
              max_cost_usd: 1.00
              stall_after: 3
            governance:
              protect_paths: [tests/**]
            ---
            Make the calculator tests pass.
            """);
        var environment = new Dictionary<string, string> { [KeySetting] = "sk-e2e" };

        await using var run = CliProcess.Start(environment, "run", loop, "--repo", sandbox.Repository, "--store", sandbox.Store, "--instance", "esc-1", "--json");
        var exit = await run.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, run.Output);
        Assert.Contains("after iteration 2: gpt-4.1-mini -> gpt-4.1 (no improvement for 1 iteration(s)", run.Output, StringComparison.Ordinal);
        Assert.Equal(["gpt-4.1-mini", "gpt-4.1-mini", "gpt-4.1", "gpt-4.1"], server.Requests.Select(r => r.Json.GetProperty("model").GetString()));

        await using var costs = CliProcess.Start("costs", "--store", sandbox.Store, "--json");
        Assert.Equal(0, await costs.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        var models = JsonDocument.Parse(costs.Output).RootElement.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(["gpt-4.1-mini", "gpt-4.1"], models.Select(m => m.GetProperty("model").GetString()));
        Assert.Equal([2, 1], models.Select(m => m.GetProperty("iterations").GetInt32()));
        Assert.Equal([0, 1], models.Select(m => m.GetProperty("verified").GetInt32()));
        // $0.40/$1.60 per million on the mini, $2/$8 on gpt-4.1, as the price table says.
        Assert.Equal(2 * ((800 * 0.40m) + (40 * 1.60m)) / 1_000_000m, models[0].GetProperty("costUsd").GetDecimal());
        Assert.Equal(((2500 * 2m) + (100 * 8m)) / 1_000_000m, models[1].GetProperty("costPerVerifiedRun").GetDecimal());
    }
}
