using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>
/// The one budget rule of a run: whether the next agent step (or a review) may run and, if not, which limit of
/// <c>limits:</c> stops it; what is left of each limit; when <c>max_duration</c> runs out. Reads the spend from the
/// run's ledger (<see cref="LoopRunState"/>); pure and deterministic like it.
/// </summary>
/// <remarks>A limit is checked before the call that could pass it, never after: spent plus the call's worst case must
/// fit. The worst case of an agent step is the one docs/loop-reference.md states (<see cref="NextStepWorstCase"/>);
/// the worst case of a review is its clipped diff, its prompt and its output cap.</remarks>
internal sealed class LoopBudget(LoopPlan plan, DateTime startedAt, LoopRunState run)
{
    /// <summary>Worst case of a review call: the clipped diff as input, plus the prompt, plus its output cap.</summary>
    public const long ReviewWorstCaseTokens = (ReviewPlan.MaxDiffCharacters / 4) + 2_000 + ReviewPlan.MaxOutputTokens;

    /// <summary>The output an LLM judge is assumed to write at most: it sets no cap, and answers with one short JSON
    /// object (a score and a paragraph of reasons).</summary>
    public const long JudgeOutputTokens = 1_000;

    /// <summary>The diff an LLM judge reads at most, in characters (it clips the rest).</summary>
    public const long JudgeDiffCharacters = 60_000;

    private LimitsPlan Limits => plan.Limits;

    /// <summary>When <c>max_duration</c> runs out (UTC); the steps stop their work at it. Null without a limit.</summary>
    public DateTime? Deadline => Limits.MaxDuration is { } duration ? startedAt + duration : null;

    /// <summary>
    /// The worst case of the next agent step, at the prices of the model about to be called: the larger of the largest
    /// step so far (its tokens repriced at this model) and the first-step estimate, which is <c>max_output_tokens</c>
    /// output tokens plus an input of a token per four characters of the goal and 1,000 tokens for the prompt's frame
    /// and feedback.
    /// </summary>
    public (long Tokens, decimal Cost) NextStepWorstCase()
    {
        var agent = run.CurrentAgent;
        var estimatedInput = (plan.Goal.Length / 4) + 1_000;
        var tokens = Math.Max(run.LargestStepTokens, agent.MaxOutputTokens + estimatedInput);
        // A step that cost more on a cheaper model bounds nothing on a dearer one: its tokens are priced again.
        var cost = Math.Max(Math.Max(run.LargestStepCost, agent.Cost(run.LargestStepInput, run.LargestStepOutput)), agent.Cost(estimatedInput, agent.MaxOutputTokens));
        return (tokens, cost);
    }

    /// <summary>
    /// The worst case of the LLM judges verifying one step (zero without one), at the agent's prices, as the judge is
    /// billed: per judge check and per run it may make (<c>retries</c> + 1), its clipped diff, the goal and the rubric
    /// (a token per four characters) and 1,000 tokens for its prompt as input, and <see cref="JudgeOutputTokens"/>.
    /// </summary>
    /// <remarks>A pool reserves it with the agent step: the step's spend includes the judge's, and a pool must hold
    /// all it will charge. The run's own caps need not: the largest step so far already includes it.</remarks>
    public (long Tokens, decimal Cost) JudgeWorstCase()
    {
        var agent = run.CurrentAgent;
        var (tokens, cost) = (0L, 0m);
        foreach (var judge in plan.Checks.Where(c => c.Kind == CheckKind.Judge))
        {
            var input = (JudgeDiffCharacters + plan.Goal.Length + (judge.Rubric?.Length ?? 0)) / 4 + 1_000;
            var runs = judge.Retries + 1;
            tokens += runs * (input + JudgeOutputTokens);
            cost += runs * agent.Cost(input, JudgeOutputTokens);
        }

        return (tokens, cost);
    }

    /// <summary>The limit that stops the run before its next agent step, or null when the step may run. Checked in
    /// order: <c>max_iterations</c>, <c>max_tokens</c>, <c>max_cost_usd</c>, <c>max_duration</c>.</summary>
    public BudgetStop? StopBeforeNextStep(DateTime now)
    {
        var ran = run.Iterations.Count;
        if (ran >= Limits.MaxIterations)
        {
            return new BudgetStop(BudgetLimit.Iterations, $"{ran} iterations ran without passing verification (max_iterations {Limits.MaxIterations}).");
        }

        var (tokens, cost) = NextStepWorstCase();
        var spent = run.Spent;
        var on = plan.Agent.Escalation is null ? "" : $" on {run.CurrentAgent.Model}";
        if (Limits.MaxTokens is { } maxTokens && spent.TotalTokens + tokens > maxTokens)
        {
            return new BudgetStop(BudgetLimit.Tokens, $"token budget: {spent.TotalTokens:N0} spent + up to {tokens:N0} for the next step{on} > max_tokens {maxTokens:N0}");
        }

        if (Limits.MaxCostUsd is { } maxCost && spent.CostUsd + cost > maxCost)
        {
            return new BudgetStop(BudgetLimit.Cost, $"cost budget: {DurationText.Usd(spent.CostUsd)} spent + up to {DurationText.Usd(cost)} for the next step{on} > max_cost_usd {DurationText.Usd(maxCost)}");
        }

        if (Limits.MaxDuration is { } maxDuration && now - startedAt >= maxDuration)
        {
            return new BudgetStop(BudgetLimit.Time, $"time budget: {DurationText.Elapsed(now - startedAt)} elapsed >= max_duration {DurationText.Format(maxDuration)}");
        }

        return null;
    }

    /// <summary>Whether a call outside the iterations whose worst case is <paramref name="tokens"/> and
    /// <paramref name="cost"/> fits in what is left of the token and cost budgets.</summary>
    public bool Affords(long tokens, decimal cost) =>
        (Limits.MaxTokens is not { } maxTokens || run.Spent.TotalTokens + tokens <= maxTokens)
        && (Limits.MaxCostUsd is not { } maxCost || run.Spent.CostUsd + cost <= maxCost);

    /// <summary>Whether a review call by <paramref name="review"/> fits (<see cref="ReviewWorstCaseTokens"/>).</summary>
    public bool AffordsReview(ReviewPlan review) =>
        Affords(ReviewWorstCaseTokens, review.Cost(ReviewWorstCaseTokens - ReviewPlan.MaxOutputTokens, ReviewPlan.MaxOutputTokens));

    /// <summary>What is left of each limit at <paramref name="now"/>.</summary>
    public BudgetLeft Left(DateTime now) => new(
        Math.Max(0, Limits.MaxIterations - run.Iterations.Count),
        Limits.MaxTokens is { } t ? Math.Max(0, t - run.Spent.TotalTokens) : null,
        Limits.MaxCostUsd is { } c ? Math.Max(0m, c - run.Spent.CostUsd) : null,
        Limits.MaxDuration is { } d ? (d - (now - startedAt)) is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero : null);

    /// <summary>For logs: the limit's name in the loop file.</summary>
    public static string Key(BudgetLimit limit) => limit switch
    {
        BudgetLimit.Iterations => "max_iterations",
        BudgetLimit.Tokens => "max_tokens",
        BudgetLimit.Cost => "max_cost_usd",
        BudgetLimit.Pool => "pool",
        _ => "max_duration",
    };
}
