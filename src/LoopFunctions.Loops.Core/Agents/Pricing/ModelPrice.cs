namespace LoopFunctions.Loops.Agents.Pricing;

/// <summary>Price of a model in USD per one million tokens.</summary>
/// <param name="InputPerMillion">Input tokens that are not read from the prompt cache.</param>
/// <param name="OutputPerMillion">Output tokens, reasoning tokens included.</param>
/// <param name="CachedInputPerMillion">Input tokens read from the provider's prompt cache; null when the provider
/// publishes no such price, and then they are billed at <paramref name="InputPerMillion"/>.</param>
public sealed record ModelPrice(decimal InputPerMillion, decimal OutputPerMillion, decimal? CachedInputPerMillion = null)
{
    /// <summary>What a cached input token costs per million: the cached price, else the input price.</summary>
    public decimal CachedRate => CachedInputPerMillion ?? InputPerMillion;

    /// <summary>The cost of <paramref name="usage"/>: uncached input, cached input and output, each at its price.</summary>
    public decimal Cost(TokenUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return Cost(InputPerMillion, OutputPerMillion, CachedInputPerMillion, usage.InputTokens, usage.OutputTokens, usage.CachedInputTokens);
    }

    /// <summary>The cost formula every price in a plan uses: <c>(input - cached) * input price + cached * cached price
    /// + output * output price</c>, per million. Cached tokens are clamped to 0..input, so a CLI that reports more cached
    /// than total input is not paid for twice.</summary>
    public static decimal Cost(decimal inputPerMillion, decimal outputPerMillion, decimal? cachedInputPerMillion, long inputTokens, long outputTokens, long cachedInputTokens)
    {
        var cached = Math.Clamp(cachedInputTokens, 0, Math.Max(0, inputTokens));
        return (((inputTokens - cached) * inputPerMillion) + (cached * (cachedInputPerMillion ?? inputPerMillion)) + (outputTokens * outputPerMillion)) / 1_000_000m;
    }

    /// <summary>Why this price cannot be used for <paramref name="model"/> (a negative amount), or null.</summary>
    public string? Problem(string model) =>
        InputPerMillion < 0 ? $"the input price of model '{model}' is negative"
        : OutputPerMillion < 0 ? $"the output price of model '{model}' is negative"
        : CachedInputPerMillion < 0 ? $"the cached_input price of model '{model}' is negative"
        : null;
}
