using LoopFunctions.Loops.Agents.Pricing;

namespace LoopFunctions.Loops.Tests.Agents.Pricing;

/// <summary>The shipped price table is a data file (<c>Agents/Pricing/prices.json</c>): it loads, it is dated, every
/// entry is a valid price, and it covers the models the agent CLIs use.</summary>
public sealed class PriceListTests
{
    [Fact]
    public void Shipped_EmbeddedFile_LoadsDatedWithEveryEntryValid()
    {
        var list = PriceList.Shipped;

        Assert.True(list.AsOf >= new DateOnly(2025, 1, 1), $"as_of {list.AsOf}");
        Assert.Equal(list.AsOf, PriceTable.DefaultsAsOf);
        Assert.Contains("as known at", list.Source, StringComparison.Ordinal);
        Assert.NotEmpty(list.Models);
        Assert.All(list.Models, entry =>
        {
            Assert.Null(entry.Value.Problem(entry.Key));
            Assert.True(entry.Value.InputPerMillion > 0 && entry.Value.OutputPerMillion >= entry.Value.InputPerMillion, entry.Key);
            Assert.True(entry.Value.CachedInputPerMillion is null || entry.Value.CachedInputPerMillion < entry.Value.InputPerMillion, entry.Key);
        });
    }

    [Theory]
    [InlineData("claude-opus-4-1")]
    [InlineData("claude-opus-4")]
    [InlineData("claude-sonnet-4-5")]
    [InlineData("claude-sonnet-4")]
    [InlineData("claude-haiku-4-5")]
    [InlineData("claude-3-5-haiku")]
    [InlineData("gpt-5")]
    [InlineData("gpt-5-mini")]
    [InlineData("gpt-5-nano")]
    [InlineData("gpt-5-codex")]
    [InlineData("gpt-4.1")]
    [InlineData("gpt-4.1-mini")]
    [InlineData("gpt-4.1-nano")]
    [InlineData("gpt-4o")]
    [InlineData("gpt-4o-mini")]
    [InlineData("o3")]
    [InlineData("o4-mini")]
    [InlineData("gemini-2.5-pro")]
    [InlineData("gemini-2.5-flash")]
    [InlineData("gemini-2.5-flash-lite")]
    public void Shipped_ModelsTheClisUse_PricedWithACachedPrice(string model)
    {
        var price = PriceList.Shipped.Models[model];

        Assert.NotNull(price.CachedInputPerMillion);
    }

    [Fact]
    public void Shipped_KnownListPrices_AsTheProvidersPublishThem()
    {
        var models = PriceList.Shipped.Models;

        Assert.Equal(new ModelPrice(3.00m, 15.00m, 0.30m), models["claude-sonnet-4-5"]);
        Assert.Equal(new ModelPrice(1.25m, 10.00m, 0.125m), models["gpt-5"]);
        Assert.Equal(new ModelPrice(0.30m, 2.50m, 0.03m), models["gemini-2.5-flash"]);
    }

    [Theory]
    [InlineData("{\"models\": {}}", "'as_of' must be the date")]
    [InlineData("{\"as_of\": \"2025-11-30\"}", "'models' must be an object")]
    [InlineData("{\"as_of\": \"2025-11-30\", \"models\": {\"m\": {\"input\": 1}}}", "models.m.output is required")]
    [InlineData("{\"as_of\": \"2025-11-30\", \"models\": {\"m\": {\"input\": -1, \"output\": 1}}}", "models.m.input must be a number")]
    [InlineData("{\"as_of\": \"2025-11-30\", \"models\": {\"m\": {\"input\": \"1\", \"output\": 1}}}", "models.m.input must be a number")]
    [InlineData("{\"as_of\": \"2025-11-30\", \"models\": {\"m\": {\"input\": 1, \"output\": 1, \"cache\": 1}}}", "models.m: unknown key 'cache'")]
    [InlineData("{\"as_of\": \"2025-11-30\", \"models\": {\"m\": {\"input\": 1, \"output\": 1}, \"M\": {\"input\": 1, \"output\": 1}}}", "model 'M' is listed twice")]
    [InlineData("{not json", "not valid JSON")]
    public void Parse_InvalidList_NamesTheOriginAndTheProblem(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => PriceList.Parse(json, "my-prices.json"));

        Assert.StartsWith("my-prices.json: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CommentsAndOptionalCachedPrice_Read()
    {
        var list = PriceList.Parse("""
            // a comment
            {"as_of": "2026-01-02", "source": "mine", "models": {"a": {"input": 1, "output": 2, "cached_input": 0.1}, "b": {"input": 3, "output": 4}}}
            """, "x");

        Assert.Equal(new DateOnly(2026, 1, 2), list.AsOf);
        Assert.Equal(new ModelPrice(1m, 2m, 0.1m), list.Models["A"]);
        Assert.Null(list.Models["b"].CachedInputPerMillion);
    }
}
