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
    public void Cost_CachedInput_BilledAtTheCachedPrice()
    {
        var table = new PriceTable(new Dictionary<string, ModelPrice> { ["my-model"] = new(2m, 10m, 0.2m) });

        // 600k uncached at $2, 400k cached at $0.20, 100k out at $10.
        Assert.Equal(1.2m + 0.08m + 1m, table.Cost("my-model", new TokenUsage(1_000_000, 100_000) { CachedInputTokens = 400_000 }));
    }

    [Fact]
    public void Cost_CachedInputWithoutACachedPrice_BilledAtTheInputPrice()
    {
        var table = new PriceTable(new Dictionary<string, ModelPrice> { ["my-model"] = new(2m, 10m) });

        Assert.Equal(2m, table.Cost("my-model", new TokenUsage(1_000_000, 0) { CachedInputTokens = 400_000 }));
    }

    [Fact]
    public void Cost_MoreCachedThanInput_CachedCappedAtTheInput()
    {
        var price = new ModelPrice(2m, 10m, 0.2m);

        Assert.Equal(0.2m, price.Cost(new TokenUsage(1_000_000, 0) { CachedInputTokens = 5_000_000 }));
    }

    [Fact]
    public void TryGetPrice_DatedVariant_MatchesLongestBaseName()
    {
        var table = new PriceTable();

        Assert.True(table.TryGetPrice("gpt-4o-mini-2024-07-18", out var price));
        Assert.Equal(PriceTable.Defaults["gpt-4o-mini"], price);
        Assert.True(table.IsKnown("GPT-4O"));
        Assert.Equal(PriceTable.Defaults["claude-sonnet-4-5"], table.TryGetPrice("claude-sonnet-4-5-20250929", out var claude) ? claude : null);
        Assert.Equal(PriceTable.Defaults["claude-sonnet-4-5"], table.TryGetPrice("claude-sonnet-4-5@20250929", out var vertex) ? vertex : null);
    }

    [Theory]
    [InlineData("gpt-5-turbo-ultra")]
    [InlineData("claude-opus-4-7")]
    [InlineData("o3-deep-research")]
    [InlineData("gpt-4o-audio-preview")]
    public void TryGetPrice_SuffixThatIsNotADate_IsAnotherModelAndUnpriced(string model)
    {
        Assert.False(new PriceTable().IsKnown(model));
    }

    [Fact]
    public void TryGetPrice_ProviderPrefix_LooksUpTheBareModel()
    {
        var table = new PriceTable();

        Assert.True(table.TryGetPrice("anthropic/claude-haiku-4-5", out var price));
        Assert.Equal(PriceTable.Defaults["claude-haiku-4-5"], price);
        Assert.False(table.IsKnown("someone/claude-haiku-4-5"));
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

    [Fact]
    public void Constructor_NegativeCachedPrice_Rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new PriceTable(new Dictionary<string, ModelPrice> { ["m"] = new(1m, 1m, -0.1m) }));

        Assert.Contains("cached_input price of model 'm' is negative", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_Overrides_OnTopOfTheTableWhichStaysAsItWas()
    {
        var host = new PriceTable(new Dictionary<string, ModelPrice> { ["mine"] = new(1m, 2m) });

        var loop = host.With(new Dictionary<string, ModelPrice> { ["mine"] = new(3m, 4m), ["other"] = new(5m, 6m) });

        Assert.Equal((3m, 4m), loop.TryGetPrice("mine", out var mine) ? (mine.InputPerMillion, mine.OutputPerMillion) : default);
        Assert.True(loop.IsKnown("other"));
        Assert.True(loop.IsKnown("gpt-5"));
        Assert.Equal(1m, host.TryGetPrice("mine", out var before) ? before.InputPerMillion : 0m);
        Assert.False(host.IsKnown("other"));
    }
}
