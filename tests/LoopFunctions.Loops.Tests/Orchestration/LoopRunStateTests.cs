using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary>The budget check: the documented worst case of the next step, and messages that print amounts the way the
/// loop file wrote them.</summary>
public sealed class LoopRunStateTests
{
    private static readonly DateTime Start = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void NextStepWorstCase_BeforeAnyStep_OutputCapPlusPromptEstimate()
    {
        var plan = FakeLoopSteps.DefaultPlan();
        var run = new LoopRunState(plan, Start);

        var (tokens, _) = run.Budget.NextStepWorstCase();

        // docs/loop-reference.md: max_output_tokens + a token per four characters of the goal + 1,000.
        Assert.Equal(plan.Agent.MaxOutputTokens + (plan.Goal.Length / 4) + 1_000, tokens);
    }

    [Fact]
    public void NextStepWorstCase_AfterSteps_TheLargerOfTheLargestStepAndTheFirstEstimate()
    {
        var plan = FakeLoopSteps.DefaultPlan();
        var run = new LoopRunState(plan, Start);
        var estimate = run.Budget.NextStepWorstCase().Tokens;
        run.Record(Iteration(1, estimate * 3));
        run.Record(Iteration(2, 10));

        Assert.Equal(estimate * 3, run.Budget.NextStepWorstCase().Tokens);
    }

    [Fact]
    public void BudgetExhaustedReason_CostBudgetWithThreeDecimals_PrintsItAsConfigured()
    {
        var plan = FakeLoopSteps.DefaultPlan(l => l with { MaxCostUsd = 0.035m });
        var run = new LoopRunState(plan, Start);
        run.Record(Iteration(1, 100, cost: 0.03m));

        var reason = run.Budget.StopBeforeNextStep(Start.AddSeconds(1))?.Reason;

        Assert.NotNull(reason);
        Assert.Contains("max_cost_usd $0.035", reason, StringComparison.Ordinal);
        Assert.Contains("$0.03 spent", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void BudgetExhaustedReason_DurationPassed_PrintsItAsConfigured()
    {
        var plan = FakeLoopSteps.DefaultPlan(l => l with { MaxDuration = TimeSpan.FromSeconds(10) });
        var run = new LoopRunState(plan, Start);

        var reason = run.Budget.StopBeforeNextStep(Start.AddSeconds(12.5))?.Reason;

        Assert.Equal("time budget: 12.5s elapsed >= max_duration 10s", reason);
    }

    private static IterationRecord Iteration(int number, long tokens, decimal cost = 0m) =>
        new(number, "base0", "did things", new TokenSpend(tokens / 2, tokens - (tokens / 2), cost), new GuardOutcome(true, 1, 1, 0, []), null, "c" + number, Start, Start);
}
