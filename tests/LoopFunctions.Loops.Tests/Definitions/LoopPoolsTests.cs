using System.Text.Json;
using LoopFunctions.Loops.Budget;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Planning;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Tests.Definitions;

/// <summary><c>limits.pool</c>: read with its line, left out of a plan's JSON when unset, and refused when the host does
/// not declare the pool or keeps its reservations too briefly.</summary>
public sealed class LoopPoolsTests
{
    private static readonly PoolLimits Declared = new(PoolPeriod.Day, 10m, null, TimeSpan.FromHours(24));

    [Fact]
    public void Parse_LimitsPool_InTheLimits()
    {
        var loop = Parse("  pool: team-a");

        Assert.Equal("team-a", loop.Limits.Pool);
        Assert.Equal((5, 9), loop.PoolAt);
    }

    [Fact]
    public void Parse_NoPool_NullAndLeftOutOfThePlansJson()
    {
        var loop = Parse("  max_iterations: 2");

        Assert.Null(loop.Limits.Pool);
        Assert.DoesNotContain("pool", JsonSerializer.Serialize(loop.Limits, LoopSerialization.Options), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"pool\":\"team-a\"", JsonSerializer.Serialize(Parse("  pool: team-a").Limits, LoopSerialization.Options), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PoolNotAName_ErrorAtItsLine()
    {
        var error = Assert.Throws<LoopDefinitionException>(() => Parse("  pool: team a!"));

        Assert.Equal("/loops/p.md:5:9: 'limits.pool' must name a pool of the host's settings (LoopFunctions:Pools:<name>): 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, not 'team a!'", Assert.Single(error.Errors).ToString());
    }

    [Fact]
    public void Problems_PoolNotDeclared_NamesThePoolTheKeysAndTheLine()
    {
        var problem = Assert.Single(LoopPools.Problems(Parse("  pool: team-b"), name => name == "team-a" ? Declared : null));

        Assert.Equal(("/loops/p.md", 5, 9), (problem.File, problem.Line, problem.Column));
        Assert.StartsWith("limits.pool names the budget pool 'team-b', which the host's settings do not declare. Declare it (LoopFunctions:Pools:team-b:Period", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_ReservationsShorterThanTheAgentStep_Refused()
    {
        var loop = Parse("  pool: team-a", "  timeout: 30m");

        var problem = Assert.Single(LoopPools.Problems(loop, _ => Declared with { ReservationTtl = TimeSpan.FromMinutes(90) }));

        Assert.Contains("3 attempts x agent.timeout 30m + 10m = 100m", problem.Message, StringComparison.Ordinal);
        Assert.Empty(LoopPools.Problems(loop, _ => Declared with { ReservationTtl = TimeSpan.FromMinutes(100) }));
    }

    [Fact]
    public void Problems_DeclaredOrNoPool_None()
    {
        Assert.Empty(LoopPools.Problems(Parse("  pool: team-a"), _ => Declared));
        Assert.Empty(LoopPools.Problems(Parse("  max_iterations: 2"), _ => null));
    }

    private static LoopDefinition Parse(string limits, string agent = "") =>
        LoopDefinitionParser.Parse("/loops/p.md", $"""
            ---
            verify:
              - command: [make]
            limits:
            {limits}
            agent:
              kind: openai
              model: gpt-4o-mini
            {agent}
            ---
            Goal.
            """);
}
