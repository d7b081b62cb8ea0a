using LoopFunctions.Loops.Orchestration;

namespace LoopFunctions.Loops.Ledger;

/// <summary>Cost versus outcome per model, from finished runs' results (each iteration records its model): whether a
/// larger model of an <c>agent.models</c> ladder earns its price. <c>loopfn costs</c> and the dashboard show it.</summary>
public static class ModelCosts
{
    /// <summary>Rows by loop, then by the first iteration each model ran in (so a ladder reads cheapest first).</summary>
    public static IReadOnlyList<ModelCost> Summarise(IEnumerable<LoopResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = new List<ModelCost>();
        foreach (var loop in results.GroupBy(r => r.Loop, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase))
        {
            // An iteration of agent.attempts is one step per attempt, each on its own model and paid for whether or not
            // it was committed.
            var steps = loop.SelectMany((run, index) => run.Iterations.SelectMany(i => i.Attempts.Count == 0
                ? [(Run: index, i.Number, Model: i.Model ?? "-", i.Spend, Discarded: false)]
                : i.Attempts.Select(a => (Run: index, i.Number, Model: a.Model ?? "-", a.Spend, Discarded: !a.Committed)))).ToList();
            var verifiedBy = loop
                .Where(r => r.Outcome == LoopOutcome.Verified)
                .Select(r => r.Iterations.LastOrDefault(i => i.Verification is { Passed: true }) is { } verified
                    ? verified.Attempts.FirstOrDefault(a => a.Committed)?.Model ?? verified.Model ?? "-"
                    : "-")
                .ToList();
            rows.AddRange(steps
                .GroupBy(s => s.Model, StringComparer.Ordinal)
                .OrderBy(g => g.Min(s => s.Number))
                .ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ModelCost(
                    loop.Key,
                    g.Key,
                    g.Select(s => s.Run).Distinct().Count(),
                    g.Count(),
                    g.Sum(s => s.Spend.TotalTokens),
                    g.Sum(s => s.Spend.CostUsd),
                    verifiedBy.Count(m => m == g.Key))
                {
                    Unpriced = g.Any(s => s.Spend.Unpriced),
                    DiscardedAttempts = g.Count(s => s.Discarded),
                    DiscardedCostUsd = g.Where(s => s.Discarded).Sum(s => s.Spend.CostUsd),
                }));
        }

        return rows;
    }
}
