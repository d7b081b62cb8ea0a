namespace LoopFunctions.Loops.Agents;

/// <summary>Tokens consumed by one or more model calls.</summary>
public sealed record TokenUsage(long InputTokens, long OutputTokens)
{
    /// <summary>No tokens.</summary>
    public static TokenUsage Zero { get; } = new(0, 0);

    /// <summary>Input plus output tokens.</summary>
    public long TotalTokens => InputTokens + OutputTokens;

    /// <summary>The sum of this usage and <paramref name="other"/>.</summary>
    public TokenUsage Add(TokenUsage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new TokenUsage(InputTokens + other.InputTokens, OutputTokens + other.OutputTokens);
    }

    /// <summary>The sum of two usages.</summary>
    public static TokenUsage operator +(TokenUsage left, TokenUsage right)
    {
        ArgumentNullException.ThrowIfNull(left);
        return left.Add(right);
    }
}
