using LoopFunctions.Loops.Agents.Pricing;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Tests.Definitions;

/// <summary>A loop file's <c>prices:</c> and <c>limits.unpriced</c>: what parses, and each mistake at its line.</summary>
public sealed class PricesParserTests
{
    [Fact]
    public void Parse_PricesMap_ReadWithOptionalCachedPrice()
    {
        var loop = LoopDefinitionParser.Parse("/loops/p.md", Loop("""
            prices:
              my-model: { input: 1.0, output: 2.0, cached_input: 0.1 }
              other:
                input: $3
                output: 4
            """));

        Assert.Equal(new ModelPrice(1.0m, 2.0m, 0.1m), loop.Prices["my-model"]);
        Assert.Equal(new ModelPrice(3m, 4m), loop.Prices["OTHER"]);
    }

    [Fact]
    public void Parse_NoPrices_EmptyAndRefuseUnpricedByDefault()
    {
        var loop = LoopDefinitionParser.Parse("/loops/p.md", Loop(""));

        Assert.Empty(loop.Prices);
        Assert.Equal(UnpricedModels.Refuse, loop.Limits.Unpriced);
    }

    [Theory]
    [InlineData("prices:\n  m: { input: -1, output: 2 }", "/loops/p.md:10:15: 'prices.m.input' must be a number of at least 0, not '-1'")]
    [InlineData("prices:\n  m: { input: 1, output: cheap }", "/loops/p.md:10:26: 'prices.m.output' must be a number of at least 0, not 'cheap'")]
    [InlineData("prices:\n  m: { input: 1 }", "/loops/p.md:10:6: 'prices.m.output' is required")]
    [InlineData("prices:\n  m: { input: 1, output: 2, cache: 0.1 }", "/loops/p.md:10:29: unknown key 'prices.m.cache'; known keys: input, output, cached_input")]
    [InlineData("prices:\n  m: 1.5", "/loops/p.md:10:6: 'prices.m' must be a mapping")]
    [InlineData("prices: [m]", "/loops/p.md:9:9: 'prices' must be a mapping of model names")]
    [InlineData("prices:\n  m: { input: 1, output: 2 }\n  M: { input: 1, output: 2 }", "/loops/p.md:11:3: 'prices' lists model 'M' twice")]
    [InlineData("prices:\n  m: { input: 1, output: 2, cached_input: x }", "/loops/p.md:10:43: 'prices.m.cached_input' must be a number of at least 0, not 'x'")]
    public void Parse_BadPrice_ErrorAtItsLine(string prices, string expected)
    {
        var error = Assert.Throws<LoopDefinitionException>(() => LoopDefinitionParser.Parse("/loops/p.md", Loop(prices)));

        Assert.Contains(error.Errors, e => e.ToString().StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_UnpricedTokensWithoutMaxTokens_ErrorAtItsLine()
    {
        var error = Assert.Throws<LoopDefinitionException>(() => LoopDefinitionParser.Parse("/loops/p.md", Loop("", limits: "  max_cost_usd: 1\n  unpriced: tokens")));

        Assert.Equal("/loops/p.md:9:13: 'limits.unpriced: tokens' budgets models without a price by their tokens: set limits.max_tokens too", Assert.Single(error.Errors).ToString());
    }

    [Fact]
    public void Parse_UnpricedUnknownValue_ErrorAtItsLine()
    {
        var error = Assert.Throws<LoopDefinitionException>(() => LoopDefinitionParser.Parse("/loops/p.md", Loop("", limits: "  unpriced: ignore")));

        Assert.Equal("/loops/p.md:8:13: 'limits.unpriced' must be refuse or tokens, not 'ignore'", Assert.Single(error.Errors).ToString());
    }

    [Fact]
    public void Parse_UnpricedTokensWithMaxTokens_Read()
    {
        var loop = LoopDefinitionParser.Parse("/loops/p.md", Loop("", limits: "  max_tokens: 1000\n  unpriced: tokens"));

        Assert.Equal(UnpricedModels.Tokens, loop.Limits.Unpriced);
    }

    /// <summary>A loop whose line 8 is the first of <paramref name="limits"/> and line 9 the first of <paramref name="extra"/>
    /// when the limits are one line.</summary>
    internal static string Loop(string extra, string limits = "  max_iterations: 2", string model = "model: gpt-4o-mini") => $"""
        ---
        agent:
          kind: openai
          {model}
        verify:
          - command: [make]
        limits:
        {limits}
        {extra}
        ---
        Goal.
        """;
}
