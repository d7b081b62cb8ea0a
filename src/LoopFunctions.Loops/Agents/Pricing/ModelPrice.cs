namespace LoopFunctions.Loops.Agents.Pricing;

/// <summary>Price of a model in USD per one million tokens.</summary>
public sealed record ModelPrice(decimal InputPerMillion, decimal OutputPerMillion);
