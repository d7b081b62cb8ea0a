using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Agents.Pricing;

/// <summary>
/// The one rule that turns an agent step's usage into the spend a budget counts. When the plan's model has a price,
/// the price table's cost counts and the agent's own figure (a CLI's <c>total_cost_usd</c>) is only recorded beside
/// it, so every model of a run is priced the same way; when it has none but the agent reported a cost, that cost
/// counts; otherwise the step is unpriced: it counts 0 and is flagged, so reports say "unpriced" instead of $0.
/// </summary>
public static class StepCost
{
    /// <summary><see cref="ResolvedCost.Source"/> when the plan's price table priced the step.</summary>
    public const string PriceTable = "price-table";

    /// <summary><see cref="ResolvedCost.Source"/> when the agent's own reported cost was used.</summary>
    public const string AgentReported = "agent-reported";

    /// <summary><see cref="ResolvedCost.Source"/> when nothing priced the step (it counts 0).</summary>
    public const string Unpriced = "unpriced";

    /// <param name="plan">The agent as the step ran it (its model's prices and <see cref="AgentPlan.Priced"/>).</param>
    /// <param name="usage">The tokens the step used.</param>
    /// <param name="reportedCostUsd">The cost the agent itself reported, or null.</param>
    public static ResolvedCost Resolve(AgentPlan plan, TokenUsage usage, decimal? reportedCostUsd)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(usage);
        if (plan.Priced)
        {
            return new ResolvedCost(plan.Cost(usage), PriceTable, reportedCostUsd);
        }

        return reportedCostUsd is { } reported
            ? new ResolvedCost(reported, AgentReported, reported)
            : new ResolvedCost(0m, Unpriced, null);
    }
}
