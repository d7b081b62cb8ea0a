using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Agents.Pricing;
using LoopFunctions.Loops.Errors;
using Microsoft.Extensions.Configuration;

namespace LoopFunctions.Loops.Tests.Agents.Pricing;

/// <summary>A host's <c>LoopFunctions:Prices:&lt;model&gt;</c> settings: read over the shipped table, and every bad
/// value refused with its key.</summary>
public sealed class PriceSettingsTests
{
    [Fact]
    public void Table_Settings_OverrideAndExtendTheShippedTable()
    {
        var table = PriceSettings.Table(Configuration(
            ("LoopFunctions:Prices:my-model:input", "1.5"),
            ("LoopFunctions:Prices:my-model:output", "6"),
            ("LoopFunctions:Prices:my-model:cached_input", "0.15"),
            ("LoopFunctions:Prices:gpt-4o:input", "1"),
            ("LoopFunctions:Prices:gpt-4o:output", "1")));

        Assert.True(table.TryGetPrice("my-model", out var mine));
        Assert.Equal(new ModelPrice(1.5m, 6m, 0.15m), mine);
        Assert.Equal(2m, table.Cost("gpt-4o", new TokenUsage(1_000_000, 1_000_000)));
        Assert.True(table.IsKnown("claude-sonnet-4-5"));
    }

    [Fact]
    public void Table_EnvironmentVariableSpelling_Read()
    {
        Environment.SetEnvironmentVariable("LoopFunctions__Prices__env-test-model__input", "2");
        Environment.SetEnvironmentVariable("LoopFunctions__Prices__env-test-model__output", "4");
        try
        {
            var table = PriceSettings.Table(new ConfigurationBuilder().AddEnvironmentVariables().Build());

            Assert.Equal(6m, table.Cost("env-test-model", new TokenUsage(1_000_000, 1_000_000)));
        }
        finally
        {
            Environment.SetEnvironmentVariable("LoopFunctions__Prices__env-test-model__input", null);
            Environment.SetEnvironmentVariable("LoopFunctions__Prices__env-test-model__output", null);
        }
    }

    [Theory]
    [InlineData("input", "-1", "LoopFunctions:Prices:m:input: '-1' is not a price")]
    [InlineData("input", "cheap", "LoopFunctions:Prices:m:input: 'cheap' is not a price")]
    [InlineData("cached_input", "1,5", "LoopFunctions:Prices:m:cached_input: '1,5' is not a price")]
    [InlineData("cache", "1", "LoopFunctions:Prices:m:cache: unknown price key")]
    public void Read_BadValue_ErrorNamesTheKey(string key, string value, string expected)
    {
        var configuration = Configuration(("LoopFunctions:Prices:m:input", "1"), ("LoopFunctions:Prices:m:output", "2"), ($"LoopFunctions:Prices:m:{key}", value));

        var error = Assert.Throws<LoopFunctionsException>(() => PriceSettings.Read(configuration));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OutputMissing_ErrorNamesTheKey()
    {
        var error = Assert.Throws<LoopFunctionsException>(() => PriceSettings.Read(Configuration(("LoopFunctions:Prices:m:input", "1"))));

        Assert.StartsWith("LoopFunctions:Prices:m:output is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PriceAsOneValue_ErrorShowsTheKeys()
    {
        var error = Assert.Throws<LoopFunctionsException>(() => PriceSettings.Read(Configuration(("LoopFunctions:Prices:m", "1.25"))));

        Assert.Contains("LoopFunctions:Prices:m:input=1.25", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoSection_NoOverrides()
    {
        Assert.Empty(PriceSettings.Read(Configuration()));
    }

    /// <summary>Later values win, as a later configuration source does.</summary>
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.GroupBy(v => v.Key).Select(g => new KeyValuePair<string, string?>(g.Key, g.Last().Value))).Build();
}
