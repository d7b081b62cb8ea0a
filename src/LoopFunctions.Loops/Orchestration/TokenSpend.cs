namespace LoopFunctions.Loops.Orchestration;

/// <summary>Tokens and money spent by one agent step, or summed over a run.</summary>
public sealed record TokenSpend(long InputTokens, long OutputTokens, decimal CostUsd)
{
    public static TokenSpend Zero { get; } = new(0, 0, 0m);

    public long TotalTokens => InputTokens + OutputTokens;

    public TokenSpend Add(TokenSpend other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(InputTokens + other.InputTokens, OutputTokens + other.OutputTokens, CostUsd + other.CostUsd);
    }
}
