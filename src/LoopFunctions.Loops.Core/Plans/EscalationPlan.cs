namespace LoopFunctions.Loops.Plans;

/// <summary><c>agent.models</c> with <c>agent.escalate</c>: start on the first (cheapest) model and move to the next
/// when the loop stalls on the current one or a share of a budget is spent.</summary>
/// <param name="Models">The ladder, cheapest first; at least two.</param>
/// <param name="AfterStalled">Move on after this many iterations in a row without improvement on the current model.</param>
/// <param name="AtBudgetShare">Move on once this share (0..1) of <c>max_cost_usd</c> or <c>max_tokens</c> is spent;
/// null never.</param>
public sealed record EscalationPlan(IReadOnlyList<ModelChoice> Models, int AfterStalled, double? AtBudgetShare);
