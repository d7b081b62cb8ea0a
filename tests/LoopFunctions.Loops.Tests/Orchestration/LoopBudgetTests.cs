using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary>The one budget rule: which limit stops the next agent step, how the run then ends, and whether a review
/// fits in what is left.</summary>
public sealed class LoopBudgetTests
{
    private static readonly DateTime Start = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void StopBeforeNextStep_IterationsRanOut_IterationLimitFirstAndEndsMaxIterations()
    {
        var run = new LoopRunState(FakeLoopSteps.DefaultPlan(l => l with { MaxIterations = 2, MaxTokens = 10 }), Start);
        run.Record(Iteration(1, 5));
        run.Record(Iteration(2, 5));

        var stop = run.Budget.StopBeforeNextStep(Start);

        Assert.NotNull(stop);
        Assert.Equal((BudgetLimit.Iterations, LoopOutcome.MaxIterations), (stop.Limit, stop.Outcome));
        Assert.Equal("2 iterations ran without passing verification (max_iterations 2).", stop.Message);
    }

    [Fact]
    public void StopBeforeNextStep_TokenBudget_NamesTheLimitAndEndsBudgetExhausted()
    {
        var run = new LoopRunState(FakeLoopSteps.DefaultPlan(l => l with { MaxTokens = 10 }), Start);

        var stop = run.Budget.StopBeforeNextStep(Start);

        Assert.NotNull(stop);
        Assert.Equal((BudgetLimit.Tokens, LoopOutcome.BudgetExhausted), (stop.Limit, stop.Outcome));
        Assert.StartsWith("Stopped before the next agent call: token budget: 0 spent + up to ", stop.Message, StringComparison.Ordinal);
        Assert.EndsWith("> max_tokens 10.", stop.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StopBeforeNextStep_WithinEveryLimit_Null()
    {
        var run = new LoopRunState(FakeLoopSteps.DefaultPlan(l => l with { MaxTokens = 1_000_000, MaxDuration = TimeSpan.FromHours(1) }), Start);

        Assert.Null(run.Budget.StopBeforeNextStep(Start.AddMinutes(59)));
        Assert.Equal(BudgetLimit.Time, run.Budget.StopBeforeNextStep(Start.AddHours(1))?.Limit);
    }

    [Fact]
    public void AffordsReview_TokenBudgetBelowTheReviewsWorstCase_False()
    {
        var review = new ReviewPlan(ReviewKind.Llm, null, "m", null, false, null, null, 10, TimeSpan.FromMinutes(1), []);
        var tight = new LoopRunState(FakeLoopSteps.DefaultPlan(l => l with { MaxTokens = LoopBudget.ReviewWorstCaseTokens - 1 }), Start);
        var enough = new LoopRunState(FakeLoopSteps.DefaultPlan(l => l with { MaxTokens = LoopBudget.ReviewWorstCaseTokens }), Start);

        Assert.False(tight.Budget.AffordsReview(review));
        Assert.True(enough.Budget.AffordsReview(review));
    }

    private static IterationRecord Iteration(int number, long tokens) =>
        new(number, "base0", "did things", new TokenSpend(tokens / 2, tokens - (tokens / 2), 0m), new GuardOutcome(true, 1, 1, 0, []), null, "c" + number, Start, Start);
}
