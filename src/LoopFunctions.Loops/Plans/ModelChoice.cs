namespace LoopFunctions.Loops.Plans;

/// <summary>One model of an escalation ladder, with its prices from the price table.</summary>
/// <param name="Model">The model (deployment name on Azure).</param>
/// <param name="InputPricePerMillion">USD per million input tokens (0 when unknown).</param>
/// <param name="OutputPricePerMillion">USD per million output tokens (0 when unknown).</param>
public sealed record ModelChoice(string Model, decimal InputPricePerMillion = 0m, decimal OutputPricePerMillion = 0m)
{
    /// <summary>The cost of a step with this usage on this model.</summary>
    public decimal Cost(long inputTokens, long outputTokens) =>
        ((inputTokens * InputPricePerMillion) + (outputTokens * OutputPricePerMillion)) / 1_000_000m;
}
