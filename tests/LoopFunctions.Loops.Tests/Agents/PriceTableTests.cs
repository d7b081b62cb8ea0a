using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Agents.Pricing;
using Xunit;

namespace LoopFunctions.Loops.Tests.Agents;

public sealed class PriceTableTests
{
    [Fact]
    public void Cost_KnownModel_UsesPerMillionPrices()
    {
        var table = new PriceTable(new Dictionary<string, ModelPrice> { ["my-model"] = new(2m, 10m) });

        Assert.Equal(0.003m, table.Cost("my-model", new TokenUsage(1000, 100)));
        Assert.Equal(0.012m, table.WorstCase("my-model", 1000, 1000));
    }

    [Fact]
    public void TryGetPrice_DatedVariant_MatchesLongestBaseName()
    {
        var table = new PriceTable();

        Assert.True(table.TryGetPrice("gpt-4o-mini-2024-07-18", out var price));
        Assert.Equal(PriceTable.Defaults["gpt-4o-mini"], price);
        Assert.True(table.IsKnown("GPT-4O"));
    }

    [Fact]
    public void Cost_UnknownModel_IsZeroAndNotKnown()
    {
        var table = new PriceTable();

        Assert.False(table.IsKnown("my-azure-deployment"));
        Assert.Equal(0m, table.Cost("my-azure-deployment", new TokenUsage(1_000_000, 1_000_000)));
    }

    [Fact]
    public void Constructor_Override_ReplacesDefault()
    {
        var table = new PriceTable(new Dictionary<string, ModelPrice> { ["gpt-4o"] = new(1m, 1m) });

        Assert.Equal(2m, table.Cost("gpt-4o", new TokenUsage(1_000_000, 1_000_000)));
    }
}
