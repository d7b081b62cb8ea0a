using LoopFunctions.Triggers;

namespace LoopFunctions.Functions.Hosting;

/// <summary>The trigger settings and the absolute loops folder the app serves.</summary>
public sealed record LoopTriggerSettings(TriggerOptions Options, string LoopsFolder)
{
    /// <summary>The app's price table (<c>LoopFunctions:Prices</c>): loops whose cost limit names a model without a
    /// price are invalid in the catalog. Null skips that check.</summary>
    public Loops.Agents.Pricing.PriceTable? Prices { get; init; }
}
