using LoopFunctions.Loops.Agents.CodingClis;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Tests.Agents.ModelServers;

namespace LoopFunctions.Loops.Tests.Agents.CodingClis;

/// <summary>What is checked before a coding-CLI run spends anything: the executable, its version, its key.</summary>
public sealed class CliPreflightTests
{
    private const string Key = "LOOPFN_PREFLIGHT_TEST_KEY";

    static CliPreflightTests() => Environment.SetEnvironmentVariable(Key, "set");

    private static AgentPlan Plan(string kind, string? command, string? version = null, string key = Key) =>
        new AgentPlan(kind, command is null ? null : [command], "m", null, false, key, null, 1000, 10, TimeSpan.FromMinutes(1), [], 0m, 0m) { Version = version };

    [Theory]
    [InlineData("claude", "2.1.328")]
    [InlineData("codex", "0.169.0")]
    [InlineData("gemini", "0.61.0")]
    [InlineData("opencode", "1.18.33")]
    public void Problems_InstalledCliAtItsVersionWithItsKey_None(string kind, string version)
    {
        Assert.Empty(CliPreflight.Problems(Plan(kind, AgentClis.Path(kind), version)));
        Assert.Equal(version, CliPreflight.InstalledVersion(CodingCliCatalog.Find(kind)!, AgentClis.Path(kind)));
    }

    [Fact]
    public void Problems_CliMissing_SaysHowToInstallIt()
    {
        var problem = Assert.Single(CliPreflight.Problems(Plan("codex", "/nonexistent/codex")));

        Assert.Contains("agent.command '/nonexistent/codex' is not an executable file", problem, StringComparison.Ordinal);
        Assert.Contains("npm install -g @openai/codex@0.169.0", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_OtherVersionInstalled_NamesBothAndTheInstallOfTheWantedOne()
    {
        var problem = Assert.Single(CliPreflight.Problems(Plan("claude", AgentClis.Path("claude"), "9.9.9")));

        Assert.Contains("agent.version is 9.9.9", problem, StringComparison.Ordinal);
        Assert.Contains("Claude Code 2.1.328", problem, StringComparison.Ordinal);
        Assert.Contains("npm install -g @anthropic-ai/claude-code@9.9.9", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_KeyVariableNotSet_NamesTheVariable()
    {
        var problem = Assert.Single(CliPreflight.Problems(Plan("gemini", AgentClis.Path("gemini"), key: "LOOPFN_PREFLIGHT_UNSET_KEY")));

        Assert.Contains("LOOPFN_PREFLIGHT_UNSET_KEY", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_NotACodingCli_None()
    {
        Assert.Empty(CliPreflight.Problems(Plan("command", "/nonexistent/agent")));
    }
}
