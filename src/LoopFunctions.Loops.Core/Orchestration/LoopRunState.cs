using System.Globalization;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>
/// The bookkeeping of one run inside the orchestrator: spend, iterations, the stall signal, the model ladder and the
/// budget check. Pure and deterministic: it only sees recorded results and the orchestration's clock.
/// </summary>
internal sealed class LoopRunState(LoopPlan plan, DateTime startedAt)
{
    private readonly List<IterationRecord> _iterations = [];
    private readonly List<Escalation> _escalations = [];
    private double _bestSignal = double.MaxValue;
    private int _iterationsWithoutImprovement;
    private long _largestStepTokens;
    private decimal _largestStepCost;
    private long _largestStepInput;
    private long _largestStepOutput;
    private int _model;
    private TokenSpend _spentOnModel = TokenSpend.Zero;

    public IReadOnlyList<IterationRecord> Iterations => _iterations;

    public IReadOnlyList<Escalation> Escalations => _escalations;

    public TokenSpend Spent { get; private set; } = TokenSpend.Zero;

    public string? LastVerification { get; private set; }

    /// <summary>When <c>max_duration</c> runs out (UTC); the steps stop their work at it. Null without a limit.</summary>
    public DateTime? Deadline => plan.Limits.MaxDuration is { } duration ? startedAt + duration : null;

    /// <summary>The agent the next step runs: with <c>agent.models</c>, on the model the ladder is at.</summary>
    public AgentPlan CurrentAgent => plan.Agent.Escalation is { } ladder ? plan.Agent.On(ladder.Models[_model]) : plan.Agent;

    public void Record(IterationRecord iteration)
    {
        _iterations.Add(iteration);
        Spent = Spent.Add(iteration.Spend);
        _spentOnModel = _spentOnModel.Add(iteration.Spend);
        _largestStepTokens = Math.Max(_largestStepTokens, iteration.Spend.TotalTokens);
        _largestStepCost = Math.Max(_largestStepCost, iteration.Spend.CostUsd);
        _largestStepInput = Math.Max(_largestStepInput, iteration.Spend.InputTokens);
        _largestStepOutput = Math.Max(_largestStepOutput, iteration.Spend.OutputTokens);
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

    /// <summary>Spend outside the iterations (the review of a pull request), counted against the budgets.</summary>
    public void AddSpend(TokenSpend spend) => Spent = Spent.Add(spend);

    /// <summary>True when the verification signal has not improved for <c>stall_after</c> iterations.</summary>
    public bool IsStalled => plan.Limits.StallAfter > 0 && _iterationsWithoutImprovement >= plan.Limits.StallAfter;

    /// <summary>Moves up the model ladder when the current model stopped improving the signal for
    /// <c>escalate.after_stalled</c> iterations or spent its share of a budget, and a next model exists. The stall count
    /// starts again on the new model: it gets its own chance before the loop counts as stalled.</summary>
    /// <returns>The move, or null when the loop stays on its model.</returns>
    public Escalation? TryEscalate()
    {
        if (plan.Agent.Escalation is not { } ladder || _model + 1 >= ladder.Models.Count || _iterations.Count == 0)
        {
            return null;
        }

        var reason = _iterationsWithoutImprovement >= ladder.AfterStalled
            ? string.Create(CultureInfo.InvariantCulture, $"no improvement for {_iterationsWithoutImprovement} iteration(s) (after_stalled {ladder.AfterStalled})")
            : BudgetShareReason(ladder);
        if (reason is null)
        {
            return null;
        }

        var escalation = new Escalation(_iterations[^1].Number, ladder.Models[_model].Model, ladder.Models[_model + 1].Model, reason);
        _escalations.Add(escalation);
        _model++;
        _iterationsWithoutImprovement = 0;
        _spentOnModel = TokenSpend.Zero;
        return escalation;
    }

    private string? BudgetShareReason(EscalationPlan ladder)
    {
        if (ladder.AtBudgetShare is not { } share)
        {
            return null;
        }

        var limits = plan.Limits;
        if (limits.MaxCostUsd is { } maxCost && maxCost > 0 && _spentOnModel.CostUsd >= maxCost * (decimal)share)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{DurationText.Usd(_spentOnModel.CostUsd)} spent on it, {share * 100:0.#}% of max_cost_usd {DurationText.Usd(maxCost)} (at_budget_share {share})");
        }

        if (limits.MaxTokens is { } maxTokens && _spentOnModel.TotalTokens >= maxTokens * share)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{_spentOnModel.TotalTokens:N0} tokens spent on it, {share * 100:0.#}% of max_tokens {maxTokens:N0} (at_budget_share {share})");
        }

        return null;
    }

    /// <summary>
    /// The worst case of the next agent step, as docs/loop-reference.md states it, at the prices of the model about to
    /// be called: the larger of the largest step so far (its tokens repriced at this model) and the first-step estimate,
    /// which is <c>max_output_tokens</c> output tokens plus an input of a token per four characters of the goal and
    /// 1,000 tokens for the prompt's frame and feedback. A budget is exhausted when spent plus that worst case would
    /// pass it, so the check runs before the call, never after.
    /// </summary>
    public (long Tokens, decimal Cost) NextStepWorstCase()
    {
        var agent = CurrentAgent;
        var estimatedInput = (plan.Goal.Length / 4) + 1_000;
        var tokens = Math.Max(_largestStepTokens, agent.MaxOutputTokens + estimatedInput);
        // A step that cost more on a cheaper model bounds nothing on a dearer one: its tokens are priced again.
        var cost = Math.Max(Math.Max(_largestStepCost, agent.Cost(_largestStepInput, _largestStepOutput)), agent.Cost(estimatedInput, agent.MaxOutputTokens));
        return (tokens, cost);
    }

    /// <summary>The reason the next agent step must not run, or null when it may.</summary>
    public string? BudgetExhaustedReason(DateTime now)
    {
        var (tokens, cost) = NextStepWorstCase();
        var limits = plan.Limits;
        var on = plan.Agent.Escalation is null ? "" : $" on {CurrentAgent.Model}";
        if (limits.MaxTokens is { } maxTokens && Spent.TotalTokens + tokens > maxTokens)
        {
            return $"token budget: {Spent.TotalTokens:N0} spent + up to {tokens:N0} for the next step{on} > max_tokens {maxTokens:N0}";
        }

        if (limits.MaxCostUsd is { } maxCost && Spent.CostUsd + cost > maxCost)
        {
            return $"cost budget: {DurationText.Usd(Spent.CostUsd)} spent + up to {DurationText.Usd(cost)} for the next step{on} > max_cost_usd {DurationText.Usd(maxCost)}";
        }

        if (limits.MaxDuration is { } maxDuration && now - startedAt >= maxDuration)
        {
            return $"time budget: {DurationText.Elapsed(now - startedAt)} elapsed >= max_duration {DurationText.Format(maxDuration)}";
        }

        return null;
    }

    /// <summary>Whether a call outside the iterations (a review) whose worst case is <paramref name="tokens"/> and
    /// <paramref name="cost"/> fits in what is left of the token and cost budgets.</summary>
    public bool Affords(long tokens, decimal cost) =>
        (plan.Limits.MaxTokens is not { } maxTokens || Spent.TotalTokens + tokens <= maxTokens)
        && (plan.Limits.MaxCostUsd is not { } maxCost || Spent.CostUsd + cost <= maxCost);

    public BudgetLeft BudgetLeft(DateTime now) => new(
        Math.Max(0, plan.Limits.MaxIterations - _iterations.Count),
        plan.Limits.MaxTokens is { } t ? Math.Max(0, t - Spent.TotalTokens) : null,
        plan.Limits.MaxCostUsd is { } c ? Math.Max(0m, c - Spent.CostUsd) : null,
        plan.Limits.MaxDuration is { } d ? (d - (now - startedAt)) is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero : null);

    public LoopStatus Status(int iteration, LoopPhase phase, DateTime now, LoopOutcome? outcome = null) =>
        new(plan.Name, iteration, phase, LastVerification, Spent, BudgetLeft(now), plan.Workspace.WorkBranch, outcome) { Model = CurrentAgent.Model, LastAgentError = _iterations.Count > 0 ? _iterations[^1].AgentError : null };

    /// <summary>The hand-off note for an unverified ending: what was tried and what still fails.</summary>
    public string Handoff(LoopOutcome outcome, string reason)
    {
        var lines = new List<string> { $"loop {plan.Name}: hand-off ({outcome})", "", reason, "", "What was tried:" };
        lines.AddRange(_iterations.Select(i => $"- iteration {i.Number}{(i.Model is { } m && plan.Agent.Escalation is not null ? $" ({m})" : "")}: {FirstLine(i.AgentSummary)}"
            + (i.AgentError is { } e ? $" [agent error: {FirstLine(e)}]" : "")
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
