using System.Text.RegularExpressions;

namespace LoopFunctions.Loops.Agents.Pricing;

/// <summary>
/// Per-model token prices, used to turn token usage into spend and to check a budget before a call (the worst case
/// assumes the call uses its whole output allowance and no cache). The shipped prices are data, not code:
/// <see cref="PriceList.Shipped"/> (<c>Agents/Pricing/prices.json</c>, dated by <see cref="DefaultsAsOf"/>).
/// Lookup ignores case and accepts dated variants: a price for <c>gpt-4o</c> also applies to <c>gpt-4o-2024-08-06</c>
/// and one for <c>claude-sonnet-4-5</c> to <c>claude-sonnet-4-5-20250929</c> (or <c>@20250929</c>); any other suffix
/// is another model (<c>gpt-5-pro</c> is not <c>gpt-5</c>), so it is unpriced rather than priced wrongly. A
/// <c>openai/</c>, <c>anthropic/</c> or <c>google/</c> prefix (opencode's provider/model names) is looked up without it.
/// Unknown models cost 0 and <see cref="IsKnown"/> says so: plans flag them, and a cost limit refuses them.
/// </summary>
public sealed partial class PriceTable
{
    private static readonly string[] ProviderPrefixes = ["openai/", "anthropic/", "google/"];
    private readonly Dictionary<string, ModelPrice> _prices;

    /// <summary>Creates a table of <see cref="Defaults"/> overridden and extended by <paramref name="overrides"/>
    /// (for example bound from configuration by <see cref="PriceSettings"/>).</summary>
    /// <exception cref="ArgumentException">A price is negative.</exception>
    public PriceTable(IReadOnlyDictionary<string, ModelPrice>? overrides = null, bool includeDefaults = true)
        : this(includeDefaults ? Defaults : null, overrides)
    {
    }

    private PriceTable(IEnumerable<KeyValuePair<string, ModelPrice>>? basis, IReadOnlyDictionary<string, ModelPrice>? overrides)
    {
        _prices = new Dictionary<string, ModelPrice>(basis ?? [], StringComparer.OrdinalIgnoreCase);
        foreach (var (model, price) in overrides ?? new Dictionary<string, ModelPrice>())
        {
            ArgumentNullException.ThrowIfNull(price);
            if (price.Problem(model) is { } problem)
            {
                throw new ArgumentException(problem, nameof(overrides));
            }

            _prices[model] = price;
        }
    }

    /// <summary>The shipped list prices (USD per 1M tokens) of the models the agent CLIs use, as known at
    /// <see cref="DefaultsAsOf"/>. They are list prices, not a promise: providers change prices, and Azure deployments
    /// are named by their owner, so configure the models you use.</summary>
    public static IReadOnlyDictionary<string, ModelPrice> Defaults => PriceList.Shipped.Models;

    /// <summary>The date the shipped prices were known to be current (<c>as_of</c> in <c>prices.json</c>).</summary>
    public static DateOnly DefaultsAsOf => PriceList.Shipped.AsOf;

    /// <summary>Every configured model and its price.</summary>
    public IReadOnlyDictionary<string, ModelPrice> Prices => _prices;

    /// <summary>This table with <paramref name="overrides"/> on top (a loop file's <c>prices:</c> over the host's).</summary>
    /// <exception cref="ArgumentException">A price is negative.</exception>
    public PriceTable With(IReadOnlyDictionary<string, ModelPrice> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        return overrides.Count == 0 ? this : new PriceTable(_prices, overrides);
    }

    /// <summary>True when a price is configured for <paramref name="model"/> (or a dated variant's base name).</summary>
    public bool IsKnown(string model) => TryGetPrice(model, out _);

    /// <summary>Finds the price for <paramref name="model"/>: the exact name first, then the longest configured name
    /// that <paramref name="model"/> is followed only by a date; the same again without a provider prefix.</summary>
    public bool TryGetPrice(string model, out ModelPrice price)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (Find(model) is { } found)
        {
            price = found;
            return true;
        }

        var prefix = ProviderPrefixes.FirstOrDefault(p => model.StartsWith(p, StringComparison.OrdinalIgnoreCase));
        price = prefix is not null && Find(model[prefix.Length..]) is { } bare ? bare : null!;
        return price is not null;
    }

    /// <summary>Cost in USD of <paramref name="usage"/> on <paramref name="model"/>, cached input at the cached price;
    /// 0 for unknown models.</summary>
    public decimal Cost(string model, TokenUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return TryGetPrice(model, out var price) ? price.Cost(usage) : 0m;
    }

    /// <summary>The most a call can cost: <paramref name="inputTokens"/> in (none cached) and the full
    /// <paramref name="maxOutputTokens"/> out. 0 for unknown models.</summary>
    public decimal WorstCase(string model, int inputTokens, int maxOutputTokens) =>
        Cost(model, new TokenUsage(Math.Max(0, inputTokens), Math.Max(0, maxOutputTokens)));

    private ModelPrice? Find(string model)
    {
        if (_prices.TryGetValue(model, out var exact))
        {
            return exact;
        }

        var key = _prices.Keys
            .Where(name => model.Length > name.Length + 1
                && model.StartsWith(name, StringComparison.OrdinalIgnoreCase)
                && model[name.Length] is '-' or '@'
                && DateSuffix().IsMatch(model[(name.Length + 1)..]))
            .MaxBy(name => name.Length);
        return key is null ? null : _prices[key];
    }

    /// <summary>The dates providers append to a model's name: 2024-08-06 (OpenAI), 20250929 (Anthropic).</summary>
    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2}|\d{8})$", RegexOptions.CultureInvariant)]
    private static partial Regex DateSuffix();
}
