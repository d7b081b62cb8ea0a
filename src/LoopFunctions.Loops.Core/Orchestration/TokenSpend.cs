using System.Globalization;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>Tokens and money spent by one agent step, or summed over a run.</summary>
/// <remarks>Stored in orchestration histories: a property added later must have a default, so that histories recorded
/// before it still replay.</remarks>
public sealed record TokenSpend(long InputTokens, long OutputTokens, decimal CostUsd)
{
    public static TokenSpend Zero { get; } = new(0, 0, 0m);

    /// <summary>The part of <see cref="InputTokens"/> read from the provider's prompt cache.</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>Some of this spend was on a model nothing priced (no price, no cost reported): those tokens count 0 in
    /// <see cref="CostUsd"/>, so the cost is a lower bound and reports say "unpriced". Sums are unpriced when any part is.</summary>
    public bool Unpriced { get; init; }

    public long TotalTokens => InputTokens + OutputTokens;

    public TokenSpend Add(TokenSpend other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(InputTokens + other.InputTokens, OutputTokens + other.OutputTokens, CostUsd + other.CostUsd)
        {
            CachedInputTokens = CachedInputTokens + other.CachedInputTokens,
            Unpriced = Unpriced || other.Unpriced,
        };
    }

    /// <summary>The cost as reports show it: <c>$0.0123</c>; <c>unpriced</c> when nothing of it was priced;
    /// <c>$0.0123 + unpriced</c> when part of it was not.</summary>
    public string CostText(string format = "$0.0000") => FormatCost(CostUsd, Unpriced, format);

    /// <summary>See <see cref="CostText"/>: for any amount that may be partly unpriced (a loop's or a model's row).</summary>
    public static string FormatCost(decimal costUsd, bool unpriced, string format = "$0.0000") => unpriced
        ? costUsd == 0 ? "unpriced" : costUsd.ToString(format, CultureInfo.InvariantCulture) + " + unpriced"
        : costUsd.ToString(format, CultureInfo.InvariantCulture);
}
