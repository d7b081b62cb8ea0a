using System.Globalization;
using System.Text.Json;

namespace LoopFunctions.Loops.Agents.Pricing;

/// <summary>
/// A price list in the data-file format of <c>prices.json</c>: <c>{"as_of": "YYYY-MM-DD", "source": "...", "models":
/// {"&lt;model&gt;": {"input": 1.25, "output": 10, "cached_input": 0.125}}}</c>, USD per one million tokens,
/// <c>cached_input</c> optional, <c>//</c> comments allowed. <see cref="Shipped"/> is the list built into LoopFunctions.
/// </summary>
/// <param name="AsOf">The date the prices were known to be the providers' list prices.</param>
/// <param name="Source">Where the prices come from, in words.</param>
/// <param name="Models">Prices by model name (case-insensitive).</param>
public sealed record PriceList(DateOnly AsOf, string Source, IReadOnlyDictionary<string, ModelPrice> Models)
{
    private const string ResourceName = "LoopFunctions.Loops.Agents.Pricing.prices.json";
    private static readonly string[] EntryKeys = ["input", "output", "cached_input"];
    private static readonly Lazy<PriceList> ShippedList = new(LoadShipped);

    /// <summary>The list built into this assembly (<c>Agents/Pricing/prices.json</c>).</summary>
    public static PriceList Shipped => ShippedList.Value;

    /// <summary>Reads a price list; every problem names <paramref name="origin"/> and the model.</summary>
    /// <exception cref="FormatException">The text is not a valid price list.</exception>
    public static PriceList Parse(string json, string origin)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{origin}: not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{origin}: the price list is a JSON object with as_of, source and models");
            }

            var asOfText = root.TryGetProperty("as_of", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            if (!DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf))
            {
                throw new FormatException($"{origin}: 'as_of' must be the date the prices were checked, as YYYY-MM-DD");
            }

            var source = root.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "";
            if (!root.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{origin}: 'models' must be an object of model name to {{\"input\": ..., \"output\": ...}}");
            }

            var prices = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
            foreach (var model in models.EnumerateObject())
            {
                if (!prices.TryAdd(model.Name, Entry(model, origin)))
                {
                    throw new FormatException($"{origin}: model '{model.Name}' is listed twice");
                }
            }

            return new PriceList(asOf, source, prices);
        }
    }

    private static ModelPrice Entry(JsonProperty model, string origin)
    {
        if (model.Name.Trim().Length == 0 || model.Value.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{origin}: models.{model.Name} must be an object such as {{\"input\": 1.25, \"output\": 10}}");
        }

        foreach (var key in model.Value.EnumerateObject().Where(p => !EntryKeys.Contains(p.Name, StringComparer.Ordinal)))
        {
            throw new FormatException($"{origin}: models.{model.Name}: unknown key '{key.Name}'; known keys: {string.Join(", ", EntryKeys)}");
        }

        var price = new ModelPrice(Amount(model, "input", origin) ?? Missing("input"), Amount(model, "output", origin) ?? Missing("output"), Amount(model, "cached_input", origin));
        return price.Problem(model.Name) is { } problem ? throw new FormatException($"{origin}: {problem}") : price;

        decimal Missing(string key) => throw new FormatException($"{origin}: models.{model.Name}.{key} is required (USD per million tokens)");
    }

    private static decimal? Amount(JsonProperty model, string key, string origin)
    {
        if (!model.Value.TryGetProperty(key, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var amount) && amount >= 0
            ? amount
            : throw new FormatException($"{origin}: models.{model.Name}.{key} must be a number of USD per million tokens, at least 0, not {value.GetRawText()}");
    }

    private static PriceList LoadShipped()
    {
        using var stream = typeof(PriceList).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the embedded resource {ResourceName} is missing from {typeof(PriceList).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "prices.json (built in)");
    }
}
