namespace LoopFunctions.Loops.Plans;

/// <summary>One model of an escalation ladder, with its prices from the price table.</summary>
/// <param name="Model">The model (deployment name on Azure).</param>
/// <param name="InputPricePerMillion">USD per million input tokens (0 when unknown, see <see cref="Priced"/>).</param>
/// <param name="OutputPricePerMillion">USD per million output tokens (0 when unknown).</param>
/// <remarks>Stored in orchestration histories: a property added later must have a default.</remarks>
public sealed record ModelChoice(string Model, decimal InputPricePerMillion = 0m, decimal OutputPricePerMillion = 0m)
{
    private readonly bool? _priced;

    /// <summary>USD per million cached input tokens; null bills them at <see cref="InputPricePerMillion"/>.</summary>
    public decimal? CachedInputPricePerMillion { get; init; }

    /// <summary>Whether the model has a price; a choice recorded before this flag existed counts as priced when it
    /// carries a non-zero price.</summary>
    public bool Priced
    {
        get => _priced ?? (InputPricePerMillion > 0 || OutputPricePerMillion > 0);
        init => _priced = value;
    }

    /// <summary>The cost of a step with this usage on this model (no cached input: a worst case).</summary>
    public decimal Cost(long inputTokens, long outputTokens) =>
        ((inputTokens * InputPricePerMillion) + (outputTokens * OutputPricePerMillion)) / 1_000_000m;
}
