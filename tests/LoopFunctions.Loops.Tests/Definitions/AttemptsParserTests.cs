using LoopFunctions.Loops.Agents.Pricing;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Planning;

namespace LoopFunctions.Loops.Tests.Definitions;

/// <summary><c>agent.attempts</c>: a count, or a list of partial agents overlaid on the loop's agent; what is refused,
/// with its line.</summary>
public sealed class AttemptsParserTests
{
    // The agent's keys start on line 5 of the file.
    private static string Loop(string agent) => AgentLoopFile.With(agent);

    [Fact]
    public void Parse_Count_CopiesTheAgentThatMany()
    {
        var agent = LoopDefinitionParser.Parse("/loops/x.md", Loop("  kind: openai\n  model: gpt-4.1\n  attempts: 3")).Agent;

        Assert.Equal(3, agent.Attempts.Count);
        Assert.All(agent.Attempts, a => Assert.Null(a.Agent));
        Assert.All(agent.Attempts, a => Assert.Null(a.PromptHint));
    }

    [Fact]
    public void Parse_CountOfOne_IsASingleStep()
    {
        var agent = LoopDefinitionParser.Parse("/loops/x.md", Loop("  kind: openai\n  model: gpt-4.1\n  attempts: 1")).Agent;

        Assert.Empty(agent.Attempts);
    }

    [Fact]
    public void Parse_CountWithAModelLadder_IsAllowed()
    {
        var agent = LoopDefinitionParser.Parse("/loops/x.md", Loop("  kind: openai\n  models: [gpt-4.1-mini, gpt-4.1]\n  attempts: 2")).Agent;

        Assert.Equal(2, agent.Attempts.Count);
        Assert.NotNull(agent.Escalation);
    }

    [Fact]
    public void Parse_List_OverlaysModelKindAndPromptOnTheAgent()
    {
        var agent = LoopDefinitionParser.Parse("/loops/x.md", Loop("""
              kind: claude
              timeout: 5m
              extra_args: [--effort, high]
              attempts:
                - {}
                - model: claude-opus-4-1
                - kind: codex
                - prompt: Try the smallest change that could work.
            """)).Agent;

        Assert.Equal(4, agent.Attempts.Count);
        Assert.Null(agent.Attempts[0].Agent);
        var opus = agent.Attempts[1].Agent!;
        Assert.Equal(("claude", "claude-opus-4-1", TimeSpan.FromMinutes(5)), (opus.Kind, opus.Model, opus.Timeout));
        Assert.Equal(["--effort", "high"], opus.ExtraArgs);
        var codex = agent.Attempts[2].Agent!;
        // The kind's own defaults, as if the file had said kind: codex.
        Assert.Equal(("codex", "gpt-5-codex", "OPENAI_API_KEY"), (codex.Kind, codex.Model, codex.ApiKeySetting));
        Assert.Equal(["api.openai.com"], codex.NetworkHosts);
        Assert.Null(agent.Attempts[3].Agent);
        Assert.Equal("Try the smallest change that could work.", agent.Attempts[3].PromptHint);
        var resolved = agent.Attempts[3].Resolve(agent);
        Assert.Equal(("claude-sonnet-4-5", "Try the smallest change that could work."), (resolved.Model, resolved.PromptHint));
        Assert.Empty(resolved.Attempts);
    }

    [Fact]
    public void Parse_AttemptOfAKindTheAgentsSettingsDoNotFit_RefusedAtTheSettingsLine()
    {
        var ex = Assert.Throws<LoopDefinitionException>(() => LoopDefinitionParser.Parse("/loops/x.md", Loop("""
              kind: claude
              max_turns: 12
              attempts:
                - kind: codex
            """)));

        var error = Assert.Single(ex.Errors);
        Assert.Equal((6, "Codex has no turn limit; 'agent.max_turns' applies to kind claude"), (error.Line, error.Message));
    }

    [Fact]
    public void Parse_ListWithAModelLadder_RefusedAtTheAttemptsLine()
    {
        var ex = Assert.Throws<LoopDefinitionException>(() => LoopDefinitionParser.Parse("/loops/x.md", Loop("""
              kind: openai
              models: [gpt-4.1-mini, gpt-4.1]
              attempts:
                - model: gpt-4.1
            """)));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(8, error.Line);
        Assert.Contains("cannot be combined with agent.models", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadEntries_EachRefusedAtItsLine()
    {
        var ex = Assert.Throws<LoopDefinitionException>(() => LoopDefinitionParser.Parse("/loops/x.md", Loop("""
              kind: openai
              model: gpt-4.1
              attempts:
                - kind: cursor
                - modle: gpt-4.1
                - just text
            """)));

        Assert.Equal(
            [(8, "'agent.attempts[1].kind' must be claude, codex, gemini, opencode, command or openai, not 'cursor'"), (9, "unknown key 'agent.attempts[2].modle'; did you mean 'model'?"), (10, "'agent.attempts' entry 3 must be a mapping with model, kind and/or prompt, e.g. - { model: gpt-4.1 }")],
            ex.Errors.Select(e => (e.Line, e.Message)).Order());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("11")]
    [InlineData("many")]
    public void Parse_CountOutOfRange_RefusedAtItsLine(string count)
    {
        var ex = Assert.Throws<LoopDefinitionException>(() => LoopDefinitionParser.Parse("/loops/x.md", Loop($"  kind: openai\n  model: gpt-4.1\n  attempts: {count}")));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(7, error.Line);
        Assert.Contains("'agent.attempts' must be a whole number from 1 to 10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_AttemptOnAnotherModel_IsPricedAndItsWorstCaseCountsFromItsPrice()
    {
        var definition = LoopDefinitionParser.Parse("/loops/x.md", Loop("""
              kind: openai
              model: cheap
              attempts:
                - {}
                - model: dear
            """));
        var prices = new PriceTable().With(new Dictionary<string, ModelPrice>
        {
            ["cheap"] = new(1m, 1m),
            ["dear"] = new(10m, 10m),
        });

        var plan = LoopPlanner.Plan(definition, new LoopRunRequest("x", "/loops/x.md", "/repo"), "run-1", "/work", prices, DateTime.UnixEpoch);

        var dear = plan.Agent.Attempts[1].Agent!;
        Assert.Equal((10m, 10m, true), (dear.InputPricePerMillion, dear.OutputPricePerMillion, dear.Priced));
        Assert.Equal(1m, plan.Agent.InputPricePerMillion);
    }
}
