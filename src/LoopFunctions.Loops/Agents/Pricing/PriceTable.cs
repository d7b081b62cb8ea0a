namespace LoopFunctions.Loops.Agents.Pricing;

/// <summary>
/// Per-model token prices, used to turn token usage into spend and to check a budget before a call (the worst case
/// assumes the call uses its whole output allowance). Lookup ignores case and accepts dated variants: a price for
/// <c>gpt-4o</c> also applies to <c>gpt-4o-2024-08-06</c>, unless a longer key (<c>gpt-4o-mini</c>) matches.
/// Unknown models cost 0 and <see cref="IsKnown"/> says so, so a budget in USD cannot protect them: configure prices.
/// </summary>
public sealed class PriceTable
{
    private readonly Dictionary<string, ModelPrice> _prices;

    /// <summary>Creates a table of <see cref="Defaults"/> overridden and extended by <paramref name="overrides"/>
    /// (for example bound from configuration).</summary>
    public PriceTable(IReadOnlyDictionary<string, ModelPrice>? overrides = null, bool includeDefaults = true)
    {
        _prices = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        if (includeDefaults)
        {
            foreach (var (model, price) in Defaults)
            {
                _prices[model] = price;
            }
        }

        foreach (var (model, price) in overrides ?? new Dictionary<string, ModelPrice>())
        {
            ArgumentNullException.ThrowIfNull(price);
            if (price.InputPerMillion < 0 || price.OutputPerMillion < 0)
            {
                throw new ArgumentException($"price for model '{model}' is negative", nameof(overrides));
            }

            _prices[model] = price;
        }
    }

    /// <summary>
    /// Example list prices (USD per 1M tokens, as published in 2025) for a few common models. They are examples,
    /// not a promise: providers change prices and Azure deployments are named by their owner, so configure the
    /// models you use.
    /// </summary>
    public static IReadOnlyDictionary<string, ModelPrice> Defaults { get; } =
        new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase)
        {
            ["gpt-4o"] = new(2.50m, 10.00m),
            ["gpt-4o-mini"] = new(0.15m, 0.60m),
            ["gpt-4.1"] = new(2.00m, 8.00m),
            ["gpt-4.1-mini"] = new(0.40m, 1.60m),
            ["gpt-4.1-nano"] = new(0.10m, 0.40m),
            ["o3-mini"] = new(1.10m, 4.40m),
            ["claude-sonnet-4"] = new(3.00m, 15.00m),
        };

    /// <summary>True when a price is configured for <paramref name="model"/> (or a dated variant's base name).</summary>
    public bool IsKnown(string model) => TryGetPrice(model, out _);

    /// <summary>Finds the price for <paramref name="model"/>: exact name first, then the longest configured name that
    /// <paramref name="model"/> starts with followed by <c>-</c>.</summary>
    public bool TryGetPrice(string model, out ModelPrice price)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (_prices.TryGetValue(model, out price!))
        {
            return true;
        }

        var key = _prices.Keys
            .Where(name => model.StartsWith(name + "-", StringComparison.OrdinalIgnoreCase))
            .MaxBy(name => name.Length);
        if (key is null)
        {
            price = null!;
            return false;
        }

        price = _prices[key];
        return true;
    }

    /// <summary>Cost in USD of <paramref name="usage"/> on <paramref name="model"/>; 0 for unknown models.</summary>
    public decimal Cost(string model, TokenUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return TryGetPrice(model, out var price)
            ? ((usage.InputTokens * price.InputPerMillion) + (usage.OutputTokens * price.OutputPerMillion)) / 1_000_000m
            : 0m;
    }

    /// <summary>The most a call can cost: <paramref name="inputTokens"/> in and the full
    /// <paramref name="maxOutputTokens"/> out. 0 for unknown models.</summary>
    public decimal WorstCase(string model, int inputTokens, int maxOutputTokens) =>
        Cost(model, new TokenUsage(Math.Max(0, inputTokens), Math.Max(0, maxOutputTokens)));
}
