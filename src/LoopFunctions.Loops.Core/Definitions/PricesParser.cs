using LoopFunctions.Loops.Agents.Pricing;
using YamlDotNet.RepresentationModel;

namespace LoopFunctions.Loops.Definitions;

/// <summary>Reads the top-level <c>prices:</c> map of a loop file: <c>&lt;model&gt;: { input, output, cached_input }</c>
/// in USD per million tokens, the same format as the host's <c>LoopFunctions:Prices</c>, which it overrides for this
/// loop.</summary>
internal static class PricesParser
{
    private static readonly string[] Keys = ["input", "output", "cached_input"];

    public static IReadOnlyDictionary<string, ModelPrice> Parse(YamlSection top, LoopFileErrors errors)
    {
        var prices = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        switch (top.Get("prices"))
        {
            case null:
                return prices;
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    var model = (key as YamlScalarNode)?.Value ?? "";
                    if (model.Trim().Length == 0)
                    {
                        errors.Add(key, "'prices' maps model names to prices; a model name is empty");
                    }
                    else if (value is not YamlMappingNode entry)
                    {
                        errors.Add(value, $"'prices.{model}' must be a mapping such as {{ input: 1.25, output: 10, cached_input: 0.125 }} (USD per million tokens)");
                    }
                    else if (Price(new YamlSection(errors, entry, $"prices.{model}", Keys)) is { } price && !prices.TryAdd(model, price))
                    {
                        errors.Add(key, $"'prices' lists model '{model}' twice (names ignore case)");
                    }
                }

                return prices;
            case var other:
                errors.Add(other, "'prices' must be a mapping of model names to { input, output, cached_input } in USD per million tokens");
                return prices;
        }
    }

    private static ModelPrice? Price(YamlSection entry)
    {
        var input = entry.Decimal("input", 0m);
        var output = entry.Decimal("output", 0m);
        var cached = entry.Decimal("cached_input", 0m);
        if (entry.Get("input") is null)
        {
            entry.String("input", required: true);
        }

        if (entry.Get("output") is null)
        {
            entry.String("output", required: true);
        }

        return input is { } i && output is { } o ? new ModelPrice(i, o, cached) : null;
    }
}
