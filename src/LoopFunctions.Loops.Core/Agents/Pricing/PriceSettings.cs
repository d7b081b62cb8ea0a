using System.Globalization;
using LoopFunctions.Loops.Errors;
using Microsoft.Extensions.Configuration;

namespace LoopFunctions.Loops.Agents.Pricing;

/// <summary>
/// A host's price overrides: <c>LoopFunctions:Prices:&lt;model&gt;:input</c>, <c>:output</c> and
/// <c>:cached_input</c>, USD per million tokens (in local.settings.json <c>Values</c>, or environment variables such
/// as <c>LoopFunctions__Prices__my-model__input</c>). They override and extend the shipped table; a loop file's
/// <c>prices:</c> overrides them for that loop.
/// </summary>
public static class PriceSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "LoopFunctions:Prices";

    private static readonly string[] Keys = ["input", "output", "cached_input"];

    /// <summary>The shipped table with the host's overrides from <paramref name="configuration"/>.</summary>
    /// <exception cref="LoopFunctionsException">A setting is missing, unknown, not a number or negative; the message
    /// names the key.</exception>
    public static PriceTable Table(IConfiguration configuration) => new(Read(configuration));

    /// <summary>The overrides under <see cref="Section"/>, by model.</summary>
    /// <exception cref="LoopFunctionsException">A setting is missing, unknown, not a number or negative; the message
    /// names the key.</exception>
    public static IReadOnlyDictionary<string, ModelPrice> Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var prices = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in configuration.GetSection(Section).GetChildren())
        {
            var at = $"{Section}:{model.Key}";
            if (model.Value is not null && !model.GetChildren().Any())
            {
                throw new LoopFunctionsException($"{at}: a price has the keys input, output and cached_input (USD per million tokens), e.g. {at}:input=1.25 and {at}:output=10");
            }

            foreach (var unknown in model.GetChildren().Where(c => !Keys.Contains(c.Key, StringComparer.OrdinalIgnoreCase)))
            {
                throw new LoopFunctionsException($"{at}:{unknown.Key}: unknown price key; known keys: {string.Join(", ", Keys)}");
            }

            prices[model.Key] = new ModelPrice(
                Amount(model, "input") ?? throw new LoopFunctionsException($"{at}:input is required (USD per million input tokens)"),
                Amount(model, "output") ?? throw new LoopFunctionsException($"{at}:output is required (USD per million output tokens)"),
                Amount(model, "cached_input"));
        }

        return prices;
    }

    /// <summary>A plain decimal: no thousands separators, so a decimal comma (<c>1,5</c>) is an error, not 15.</summary>
    private static decimal? Amount(IConfigurationSection model, string key)
    {
        var text = model[key];
        if (text is null)
        {
            return null;
        }

        return decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && amount >= 0
            ? amount
            : throw new LoopFunctionsException($"{Section}:{model.Key}:{key}: '{text}' is not a price; give USD per million tokens as a number of at least 0, such as 1.25");
    }
}
