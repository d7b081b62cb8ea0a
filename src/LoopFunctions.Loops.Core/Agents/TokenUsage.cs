namespace LoopFunctions.Loops.Agents;

/// <summary>Tokens consumed by one or more model calls.</summary>
/// <param name="InputTokens">Every input token, including those read from the provider's prompt cache.</param>
/// <param name="OutputTokens">Output tokens, including reasoning tokens.</param>
public sealed record TokenUsage(long InputTokens, long OutputTokens)
{
    /// <summary>No tokens.</summary>
    public static TokenUsage Zero { get; } = new(0, 0);

    /// <summary>The part of <see cref="InputTokens"/> that was read from the provider's prompt cache (billed at the
    /// cached-input price where the price table has one). Never more than <see cref="InputTokens"/>.</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>Input plus output tokens.</summary>
    public long TotalTokens => InputTokens + OutputTokens;

    /// <summary>The sum of this usage and <paramref name="other"/>.</summary>
    public TokenUsage Add(TokenUsage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new TokenUsage(InputTokens + other.InputTokens, OutputTokens + other.OutputTokens)
        {
            CachedInputTokens = CachedInputTokens + other.CachedInputTokens,
        };
    }

    /// <summary>The sum of two usages.</summary>
    public static TokenUsage operator +(TokenUsage left, TokenUsage right)
    {
        ArgumentNullException.ThrowIfNull(left);
        return left.Add(right);
    }
}
