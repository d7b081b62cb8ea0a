namespace LoopFunctions.Loops.Agents.Pricing;

/// <summary>What <see cref="StepCost.Resolve"/> decided for one step.</summary>
/// <param name="CostUsd">The cost the budget counts.</param>
/// <param name="Source"><see cref="StepCost.PriceTable"/>, <see cref="StepCost.AgentReported"/> or
/// <see cref="StepCost.Unpriced"/>.</param>
/// <param name="ReportedCostUsd">What the agent itself reported, when it did (kept beside a price-table cost).</param>
public sealed record ResolvedCost(decimal CostUsd, string Source, decimal? ReportedCostUsd)
{
    /// <summary>Nothing priced the step: <see cref="CostUsd"/> is 0 and reports say "unpriced".</summary>
    public bool Unpriced => Source == StepCost.Unpriced;
}
