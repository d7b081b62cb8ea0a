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

    [Fact]
    public void Summarise_AStepOfAModelUnpriced_ThatModelsRowIsUnpriced()
    {
        var unpriced = Run("fix", LoopOutcome.Verified, ("small", 0.01m, false), ("local", 0m, true));
        unpriced = unpriced with
        {
            Iterations = [unpriced.Iterations[0], unpriced.Iterations[1] with { Spend = unpriced.Iterations[1].Spend with { Unpriced = true } }],
        };

        var rows = ModelCosts.Summarise([unpriced, Run("fix", LoopOutcome.Stalled, ("small", 0.01m, false), ("local", 0m, false))]);

        Assert.Equal([("small", false), ("local", true)], rows.Select(r => (r.Model, r.Unpriced)));
    }

    [Fact]
    public void Summarise_IterationWithAttempts_EachAttemptIsAStepOfItsModelAndDiscardedOnesAreCounted()
    {
        var run = Run("fix", LoopOutcome.Verified, ("large", 0.50m, true));
        run = run with
        {
            Iterations =
            [
                run.Iterations[0] with
                {
                    Attempts =
                    [
                        new AttemptRecord(1, "small", "openai", new TokenSpend(100, 10, 0.02m), AttemptVerdict.NotVerified, 2, 5, false),
                        new AttemptRecord(2, "large", "openai", new TokenSpend(100, 10, 0.20m), AttemptVerdict.Verified, 0, 9, true),
                        new AttemptRecord(3, "large", "openai", new TokenSpend(100, 10, 0.28m), AttemptVerdict.GuardRefused, null, 3, false),
                    ],
                },
            ],
        };

        var rows = ModelCosts.Summarise([run]);

        // Models first used in the same iteration read by name.
        Assert.Equal(
            [("large", 2, 0.48m, 1, 1, 0.28m), ("small", 1, 0.02m, 0, 1, 0.02m)],
            rows.Select(r => (r.Model, r.Iterations, r.CostUsd, r.Verified, r.DiscardedAttempts, r.DiscardedCostUsd)));
    }

    [Fact]
    public void Add_OneSpendUnpriced_TheSumIsUnpricedAndSaysSo()
    {
        var sum = new TokenSpend(10, 5, 0.25m).Add(new TokenSpend(10, 5, 0m) { Unpriced = true });

        Assert.True(sum.Unpriced);
        Assert.Equal("$0.2500 + unpriced", sum.CostText());
        Assert.Equal("unpriced", (TokenSpend.Zero with { Unpriced = true }).CostText());
        Assert.Equal("$0.25", new TokenSpend(1, 1, 0.25m).CostText("$0.00##"));
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
