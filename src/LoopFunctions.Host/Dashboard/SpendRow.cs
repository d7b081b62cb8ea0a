namespace LoopFunctions.Host.Dashboard;

/// <summary>Cost versus outcome of one loop on one day (UTC), from its finished runs.</summary>
internal sealed record SpendRow(string Loop, string Day, int Runs, int Verified, long Tokens, decimal CostUsd);
