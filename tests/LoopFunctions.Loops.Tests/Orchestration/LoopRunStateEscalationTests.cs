using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary>The model ladder in the run's bookkeeping: when it moves up, and the budget's worst case at the price of
/// the model about to be called.</summary>
public sealed class LoopRunStateEscalationTests
{
    private static readonly DateTime Start = new(2026, 5, 1, 2, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void TryEscalate_StalledOnTheSmallModel_MovesUpOnceAndTheStallCountStartsAgain()
    {
        var run = new LoopRunState(Plan(afterStalled: 2, stallAfter: 2), Start);
        run.Record(Iteration(1, signal: 3));
        Assert.Null(run.TryEscalate());
        run.Record(Iteration(2, signal: 3));
        Assert.Null(run.TryEscalate());
        run.Record(Iteration(3, signal: 3));

        var escalation = run.TryEscalate();

        Assert.Equal(new Escalation(3, "small", "large", "no improvement for 2 iteration(s) (after_stalled 2)"), escalation);
        Assert.False(run.IsStalled);
        Assert.Equal("large", run.CurrentAgent.Model);
        Assert.Equal((2m, 8m), (run.CurrentAgent.InputPricePerMillion, run.CurrentAgent.OutputPricePerMillion));
        run.Record(Iteration(4, signal: 3));
        run.Record(Iteration(5, signal: 3));
        Assert.Null(run.TryEscalate());
        Assert.True(run.IsStalled);
    }

    [Fact]
    public void TryEscalate_ShareOfTheCostBudgetSpentOnTheModel_MovesUp()
    {
        var run = new LoopRunState(Plan(afterStalled: 5, stallAfter: 5, share: 0.5, maxCost: 1m), Start);
        run.Record(Iteration(1, signal: 3, cost: 0.30m));
        Assert.Null(run.TryEscalate());
        run.Record(Iteration(2, signal: 2, cost: 0.25m));

        var escalation = run.TryEscalate();

        Assert.Equal("$0.55 spent on it, 50% of max_cost_usd $1.00 (at_budget_share 0.5)", escalation!.Reason);
    }

    [Fact]
    public void NextStepWorstCase_AfterEscalation_TheLargestStepRepricedAtTheNewModel()
    {
        var run = new LoopRunState(Plan(afterStalled: 1, stallAfter: 3, maxOutput: 100), Start);
        run.Record(Iteration(1, signal: 3, input: 400_000, output: 20_000, cost: 0.192m));
        run.Record(Iteration(2, signal: 3, input: 1_000, output: 100, cost: 0.00056m));
        Assert.Equal(0.192m, run.Budget.NextStepWorstCase().Cost);

        run.TryEscalate();

        Assert.Equal(((400_000 * 2m) + (20_000 * 8m)) / 1_000_000m, run.Budget.NextStepWorstCase().Cost);
    }

    [Fact]
    public void BudgetExhaustedReason_NextModelDoesNotFit_NamesIt()
    {
        var run = new LoopRunState(Plan(afterStalled: 1, stallAfter: 3, maxCost: 0.01m, maxOutput: 1_000), Start);
        run.Record(Iteration(1, signal: 3, cost: 0.002m));
        run.Record(Iteration(2, signal: 3, cost: 0.002m));
        Assert.Null(run.Budget.StopBeforeNextStep(Start)?.Reason);

        run.TryEscalate();

        Assert.StartsWith("cost budget: $0.004 spent + up to $0.0100", run.Budget.StopBeforeNextStep(Start)?.Reason, StringComparison.Ordinal);
        Assert.EndsWith("for the next step on large > max_cost_usd $0.01", run.Budget.StopBeforeNextStep(Start)?.Reason, StringComparison.Ordinal);
    }

    private static LoopPlan Plan(int afterStalled, int stallAfter, double? share = null, decimal? maxCost = null, int maxOutput = 1000)
    {
        var ladder = new EscalationPlan([new ModelChoice("small", 0.4m, 1.6m), new ModelChoice("large", 2m, 8m)], afterStalled, share);
        return new LoopPlan(
            "fix",
            "/loops/fix.md",
            "Make the tests pass.",
            new WorkspacePlan("/repo", "main", "loop/fix/1", "/work", null),
            new AgentPlan("openai", null, "small", null, false, "KEY", null, maxOutput, 10, TimeSpan.FromMinutes(5), [], 0.4m, 1.6m) { Escalation = ladder },
            [new CheckPlan("tests", CheckKind.Command, ["true"], TimeSpan.FromMinutes(1))],
            new LimitsPlan(10, null, maxCost, null, stallAfter),
            new GovernancePlan([], [], [], TimeSpan.FromDays(1)),
            new OutputsPlan(CommitMode.EachIteration, false, "origin", null, null));
    }

    private static IterationRecord Iteration(int number, double signal, long input = 100, long output = 10, decimal cost = 0m) =>
        new(number, "c0", "tried", new TokenSpend(input, output, cost), new GuardOutcome(true, 1, 1, 0, []), new VerificationOutcome(false, "1 failing", "fix it", signal, []), "c1", Start, Start);
}
