using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Budget;
using LoopFunctions.Loops.Errors;
using Microsoft.Extensions.Configuration;

namespace LoopFunctions.Loops.Tests.Budget;

/// <summary>The host's pools (<c>LoopFunctions:Pools:&lt;name&gt;:…</c>) as every host reads them, and their rules in
/// the one validator of <see cref="LoopRunnerOptions"/>.</summary>
public sealed class PoolSettingsTests
{
    [Fact]
    public void Read_PoolKeys_BoundIntoThePoolsByNameIgnoringCase()
    {
        var options = Read(new()
        {
            ["LoopFunctions:Pools:team-a:Period"] = "week",
            ["LoopFunctions:Pools:team-a:MaxCostUsd"] = "10.50",
            ["LoopFunctions:Pools:team-a:MaxTokens"] = "2000000",
            ["LoopFunctions:Pools:team-a:ReservationTtl"] = "02:00:00",
            ["LoopFunctions:Pools:nightly:MaxTokens"] = "500",
        });

        Assert.Equal(new PoolLimits(PoolPeriod.Week, 10.50m, 2_000_000, TimeSpan.FromHours(2)), options.PoolLimits("TEAM-A"));
        Assert.Equal(new PoolLimits(PoolPeriod.Day, null, 500, TimeSpan.FromHours(24)), options.PoolLimits("nightly"));
        Assert.Null(options.PoolLimits("team-b"));
    }

    [Fact]
    public void Read_NoPools_None()
    {
        Assert.Empty(Read([]).Pools);
    }

    [Theory]
    [InlineData("LoopFunctions:Pools:team-a:Period", "day", "LoopRunnerOptions.Pools[team-a] (LoopFunctions:Pools:team-a): needs a cap: MaxCostUsd and/or MaxTokens")]
    [InlineData("LoopFunctions:Pools:team-a:MaxCostUsd", "0", "LoopRunnerOptions.Pools[team-a].MaxCostUsd (LoopFunctions:Pools:team-a:MaxCostUsd): must be more than 0 (USD per period) (was '0')")]
    [InlineData("LoopFunctions:Pools:team-a:MaxTokens", "-5", "LoopRunnerOptions.Pools[team-a].MaxTokens (LoopFunctions:Pools:team-a:MaxTokens): must be at least 1 (tokens per period) (was '-5')")]
    [InlineData("LoopFunctions:Pools:team a!:MaxTokens", "5", "LoopRunnerOptions.Pools[team a!] (LoopFunctions:Pools:team a!): a pool's name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit (was 'team a!')")]
    public void Read_BadPool_TheValidatorNamesTheKeyAndTheRule(string key, string value, string expected)
    {
        var error = Assert.Throws<LoopFunctionsException>(() => Read(new() { [key] = value }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ReservationTtlTooShort_Refused()
    {
        var error = Assert.Throws<LoopFunctionsException>(() => Read(new() { ["LoopFunctions:Pools:p:MaxTokens"] = "5", ["LoopFunctions:Pools:p:ReservationTtl"] = "00:05:00" }));

        Assert.Contains("LoopRunnerOptions.Pools[p].ReservationTtl (LoopFunctions:Pools:p:ReservationTtl): must be at least 00:10:00", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Period", "yearly", "LoopFunctions:Pools:p:Period: must be day, week, month or none (was 'yearly').")]
    [InlineData("Period", "7", "LoopFunctions:Pools:p:Period: must be day, week, month or none (was '7').")]
    [InlineData("MaxCostUsd", "ten", "LoopFunctions:Pools:p:MaxCostUsd: must be a number (USD per period) (was 'ten').")]
    [InlineData("MaxTokens", "1.5", "LoopFunctions:Pools:p:MaxTokens: must be a whole number (tokens per period) (was '1.5').")]
    [InlineData("ReservationTtl", "soon", "LoopFunctions:Pools:p:ReservationTtl: must be a duration (hh:mm:ss, or d.hh:mm:ss) (was 'soon').")]
    [InlineData("MaxCost", "5", "LoopFunctions:Pools:p:MaxCost: is not a pool setting; a pool has Period, MaxCostUsd, MaxTokens, ReservationTtl (was '5').")]
    public void Read_PoolValueTheBinderWouldDrop_RefusedNamingTheKey(string key, string value, string expected)
    {
        var error = Assert.Throws<LoopFunctionsException>(() => Read(new() { [$"LoopFunctions:Pools:p:{key}"] = value, ["LoopFunctions:Pools:p:MaxTokens"] = key == "MaxTokens" ? value : "5" }));

        Assert.Equal(expected, error.Message);
    }

    private static LoopRunnerOptions Read(Dictionary<string, string?> values) =>
        LoopRunnerConfiguration.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), Path.GetTempPath());
}
