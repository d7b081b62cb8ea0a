using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>
/// The bookkeeping of one run inside the orchestrator: spend, iterations, the stall signal and the budget check.
/// Pure and deterministic: it only sees recorded results and the orchestration's clock.
/// </summary>
internal sealed class LoopRunState(LoopPlan plan, DateTime startedAt)
{
    private readonly List<IterationRecord> _iterations = [];
    private double _bestSignal = double.MaxValue;
    private int _iterationsWithoutImprovement;
    private long _largestStepTokens;
    private decimal _largestStepCost;

    public IReadOnlyList<IterationRecord> Iterations => _iterations;

    public TokenSpend Spent { get; private set; } = TokenSpend.Zero;

    public string? LastVerification { get; private set; }

    /// <summary>When <c>max_duration</c> runs out (UTC); the steps stop their work at it. Null without a limit.</summary>
    public DateTime? Deadline => plan.Limits.MaxDuration is { } duration ? startedAt + duration : null;

    public void Record(IterationRecord iteration)
    {
        _iterations.Add(iteration);
        Spent = Spent.Add(iteration.Spend);
        _largestStepTokens = Math.Max(_largestStepTokens, iteration.Spend.TotalTokens);
        _largestStepCost = Math.Max(_largestStepCost, iteration.Spend.CostUsd);
        if (iteration.Verification is { } verification)
        {
            LastVerification = verification.Summary;
            if (verification.Signal < _bestSignal)
            {
                _bestSignal = verification.Signal;
                _iterationsWithoutImprovement = 0;
                return;
            }
        }
        else if (iteration.Guard is { Allowed: false })
        {
            LastVerification = "guard: " + string.Join("; ", iteration.Guard.Violations);
        }

        _iterationsWithoutImprovement++;
    }

    /// <summary>True when the verification signal has not improved for <c>stall_after</c> iterations.</summary>
    public bool IsStalled => plan.Limits.StallAfter > 0 && _iterationsWithoutImprovement >= plan.Limits.StallAfter;

    /// <summary>
    /// The worst case of the next agent step, as docs/loop-reference.md states it: the larger of the largest step so
    /// far and the first-step estimate, which is <c>max_output_tokens</c> output tokens plus an input of a token per
    /// four characters of the goal and 1,000 tokens for the prompt's frame and feedback; the cost likewise (the largest
    /// step's cost, or the estimate at the model's prices). A budget is exhausted when spent plus that worst case would
    /// pass it, so the check runs before the call, never after.
    /// </summary>
    public (long Tokens, decimal Cost) NextStepWorstCase()
    {
        var estimatedInput = (plan.Goal.Length / 4) + 1_000;
        var tokens = Math.Max(_largestStepTokens, plan.Agent.MaxOutputTokens + estimatedInput);
        var cost = Math.Max(_largestStepCost, plan.Agent.Cost(estimatedInput, plan.Agent.MaxOutputTokens));
        return (tokens, cost);
    }

    /// <summary>The reason the next agent step must not run, or null when it may.</summary>
    public string? BudgetExhaustedReason(DateTime now)
    {
        var (tokens, cost) = NextStepWorstCase();
        var limits = plan.Limits;
        if (limits.MaxTokens is { } maxTokens && Spent.TotalTokens + tokens > maxTokens)
        {
            return $"token budget: {Spent.TotalTokens:N0} spent + up to {tokens:N0} for the next step > max_tokens {maxTokens:N0}";
        }

        if (limits.MaxCostUsd is { } maxCost && Spent.CostUsd + cost > maxCost)
        {
            return $"cost budget: {DurationText.Usd(Spent.CostUsd)} spent + up to {DurationText.Usd(cost)} for the next step > max_cost_usd {DurationText.Usd(maxCost)}";
        }

        if (limits.MaxDuration is { } maxDuration && now - startedAt >= maxDuration)
        {
            return $"time budget: {DurationText.Elapsed(now - startedAt)} elapsed >= max_duration {DurationText.Format(maxDuration)}";
        }

        return null;
    }

    public BudgetLeft BudgetLeft(DateTime now) => new(
        Math.Max(0, plan.Limits.MaxIterations - _iterations.Count),
        plan.Limits.MaxTokens is { } t ? Math.Max(0, t - Spent.TotalTokens) : null,
        plan.Limits.MaxCostUsd is { } c ? Math.Max(0m, c - Spent.CostUsd) : null,
        plan.Limits.MaxDuration is { } d ? (d - (now - startedAt)) is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero : null);

    public LoopStatus Status(int iteration, LoopPhase phase, DateTime now, LoopOutcome? outcome = null) =>
        new(plan.Name, iteration, phase, LastVerification, Spent, BudgetLeft(now), plan.Workspace.WorkBranch, outcome);

    /// <summary>The hand-off note for an unverified ending: what was tried and what still fails.</summary>
    public string Handoff(LoopOutcome outcome, string reason)
    {
        var lines = new List<string> { $"loop {plan.Name}: hand-off ({outcome})", "", reason, "", "What was tried:" };
        lines.AddRange(_iterations.Select(i => $"- iteration {i.Number}: {FirstLine(i.AgentSummary)}"
            + (i.Guard is { Allowed: false } g ? $" [rejected by guard: {string.Join("; ", g.Violations)}]" : "")
            + (i.Verification is { } v ? $" -> {v.Summary}" : "")));
        lines.Add("");
        lines.Add("Still failing: " + (LastVerification ?? "not verified"));
        return string.Join('\n', lines);
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length > 160 ? line[..160] + "..." : line;
    }
}
