namespace LoopFunctions.Loops.Orchestration;

/// <summary>Tokens and money spent by one agent step, or summed over a run.</summary>
/// <remarks>Stored in orchestration histories: a property added later must have a default, so that histories recorded
/// before it still replay.</remarks>
public sealed record TokenSpend(long InputTokens, long OutputTokens, decimal CostUsd)
{
    public static TokenSpend Zero { get; } = new(0, 0, 0m);

    /// <summary>The part of <see cref="InputTokens"/> read from the provider's prompt cache.</summary>
    public long CachedInputTokens { get; init; }

    public long TotalTokens => InputTokens + OutputTokens;

    public TokenSpend Add(TokenSpend other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(InputTokens + other.InputTokens, OutputTokens + other.OutputTokens, CostUsd + other.CostUsd)
        {
            CachedInputTokens = CachedInputTokens + other.CachedInputTokens,
        };
    }
}
