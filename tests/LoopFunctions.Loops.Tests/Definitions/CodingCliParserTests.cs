using LoopFunctions.Loops.Definitions;

namespace LoopFunctions.Loops.Tests.Definitions;

/// <summary><c>agent.kind: claude | codex | gemini | opencode</c>: the defaults each CLI gets and what is refused.</summary>
public sealed class CodingCliParserTests
{
    private static string Loop(string agent) => AgentLoopFile.With(agent);

    [Theory]
    [InlineData("claude", "claude-sonnet-4-5", "ANTHROPIC_API_KEY", "api.anthropic.com")]
    [InlineData("codex", "gpt-5-codex", "OPENAI_API_KEY", "api.openai.com")]
    [InlineData("gemini", "gemini-2.5-flash", "GEMINI_API_KEY", "generativelanguage.googleapis.com")]
    [InlineData("opencode", "anthropic/claude-sonnet-4-5", "ANTHROPIC_API_KEY", "api.anthropic.com")]
    public void Parse_CliKindAlone_GetsItsModelKeyAndProviderHostOnly(string kind, string model, string key, string host)
    {
        var agent = LoopDefinitionParser.Parse("/loops/x.md", Loop($"  kind: {kind}")).Agent;

        Assert.Equal((kind, model, key), (agent.Kind, agent.Model, agent.ApiKeySetting));
        Assert.False(agent.Network);
        Assert.Equal([host], agent.NetworkHosts);
        Assert.True(agent.Resume);
        Assert.Empty(agent.ExtraArgs);
    }

    [Fact]
    public void Parse_EndpointGiven_AllowsOnlyTheEndpointsHostAndPort()
    {
        var agent = LoopDefinitionParser.Parse("/loops/x.md", Loop("  kind: codex\n  endpoint: http://127.0.0.1:8123/v1\n  model: gpt-5.5")).Agent;

        Assert.Equal(["127.0.0.1:8123"], agent.NetworkHosts);
        Assert.Equal("gpt-5.5", agent.Model);
    }

    [Fact]
    public void Parse_EverySetting_IsKept()
    {
        var agent = LoopDefinitionParser.Parse("/loops/x.md", Loop("""
              kind: claude
              command: /opt/claude/bin/claude
              models: [claude-haiku-4-5, claude-sonnet-4-5]
              max_turns: 12
              extra_args: [--effort, high]
              version: 2.1.328
              resume: false
              network: [api.anthropic.com, "*.example.com:8443"]
              api_key_env: MY_KEY
              timeout: 5m
            """)).Agent;

        Assert.Equal(["/opt/claude/bin/claude"], agent.Command!);
        Assert.Equal("claude-haiku-4-5", agent.Model);
        Assert.Equal(2, agent.Escalation!.Models.Count);
        Assert.Equal((12, "2.1.328", false, "MY_KEY"), (agent.MaxTurns, agent.Version, agent.Resume, agent.ApiKeySetting));
        Assert.Equal(["--effort", "high"], agent.ExtraArgs);
        Assert.Equal(["api.anthropic.com", "*.example.com:8443"], agent.NetworkHosts);
        Assert.Equal(TimeSpan.FromMinutes(5), agent.Timeout);
    }

    [Fact]
    public void Parse_NetworkTrue_OpensEverythingAndListsNoHosts()
    {
        var agent = LoopDefinitionParser.Parse("/loops/x.md", Loop("  kind: gemini\n  network: true")).Agent;

        Assert.True(agent.Network);
        Assert.Empty(agent.NetworkHosts);
    }

    [Theory]
    [InlineData("  kind: codex\n  max_turns: 5", "'agent.max_turns'")]
    [InlineData("  kind: command\n  command: [x]\n  resume: true", "'agent.resume' applies to the coding CLIs")]
    [InlineData("  kind: claude\n  network: [\"bad host\"]", "'agent.network' lists 'bad host'")]
    [InlineData("  kind: claude\n  network: [\"a.com:99999\"]", "the port must be a number")]
    [InlineData("  kind: claude\n  command: [claude, -p]", "names the Claude Code executable only")]
    [InlineData("  kind: opencode\n  model: mistral-large", "provider/model")]
    [InlineData("  kind: aider", "must be claude, codex, gemini, opencode, command or openai")]
    public void Parse_InvalidCliSettings_ReportsTheKeyAndReason(string agent, string expected)
    {
        var ex = Assert.Throws<LoopDefinitionException>(() => LoopDefinitionParser.Parse("/loops/x.md", Loop(agent)));

        Assert.Contains(ex.Errors, e => e.ToString().Contains(expected, StringComparison.Ordinal) && e.ToString().StartsWith("/loops/x.md:", StringComparison.Ordinal));
    }
}
