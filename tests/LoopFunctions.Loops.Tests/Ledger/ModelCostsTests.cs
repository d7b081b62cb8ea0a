using LoopFunctions.Loops.Ledger;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;

namespace LoopFunctions.Loops.Tests.Ledger;

/// <summary>Cost per verified run by model, from run results.</summary>
public sealed class ModelCostsTests
{
    private static readonly DateTime At = new(2026, 5, 1, 2, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Summarise_LadderRuns_SpendAndVerifiedRunsPerModelCheapestFirst()
    {
        LoopResult[] results =
        [
            Run("fix", LoopOutcome.Verified, ("small", 0.01m, false), ("small", 0.01m, true)),
            Run("fix", LoopOutcome.Verified, ("small", 0.01m, false), ("small", 0.01m, false), ("large", 0.20m, true)),
            Run("fix", LoopOutcome.Stalled, ("small", 0.01m, false), ("large", 0.20m, false), ("large", 0.20m, false)),
            Run("docs", LoopOutcome.Verified, (null, 0.05m, true)),
        ];

        var rows = ModelCosts.Summarise(results);

        Assert.Equal(
            [new ModelCost("docs", "-", 1, 1, 110, 0.05m, 1), new ModelCost("fix", "small", 3, 5, 550, 0.05m, 1), new ModelCost("fix", "large", 2, 3, 330, 0.60m, 1)],
            rows);
        Assert.Equal([0.05m, 0.05m, 0.60m], rows.Select(r => r.CostPerVerifiedRun));
    }

    private static LoopResult Run(string loop, LoopOutcome outcome, params (string? Model, decimal Cost, bool Passed)[] steps) => new(
        loop,
        outcome,
        "r",
        steps.Select((s, i) => new IterationRecord(i + 1, "c0", "s", new TokenSpend(100, 10, s.Cost), null, new VerificationOutcome(s.Passed, "v", "", s.Passed ? 0 : 1, []), "c", At, At, s.Model)).ToList(),
        new TokenSpend(0, 0, steps.Sum(s => s.Cost)),
        "b",
        "c");
}
