using System.Globalization;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>
/// The bookkeeping of one run inside the orchestrator: spend, iterations, the stall signal and the model ladder; its
/// <see cref="Budget"/> answers whether the next step may run. Pure and deterministic: it only sees recorded results and
/// the orchestration's clock.
/// </summary>
/// <remarks>Built from the plan the run works with (for a pull-request loop, the plan on the pull request's head
/// branch), so the ledger and the phases never see two plans.</remarks>
internal sealed class LoopRunState(LoopPlan plan, DateTime startedAt)
{
    private readonly List<IterationRecord> _iterations = [];
    private readonly List<Escalation> _escalations = [];
    private double _bestSignal = double.MaxValue;
    private int _iterationsWithoutImprovement;
    private int _model;
    private TokenSpend _spentOnModel = TokenSpend.Zero;

    private LoopBudget? _budget;

    /// <summary>The run's budget rule over this ledger.</summary>
    public LoopBudget Budget => _budget ??= new LoopBudget(plan, startedAt, this);

    public IReadOnlyList<IterationRecord> Iterations => _iterations;

    public IReadOnlyList<Escalation> Escalations => _escalations;

    public TokenSpend Spent { get; private set; } = TokenSpend.Zero;

    public string? LastVerification { get; private set; }

    /// <summary>When <c>max_duration</c> runs out (UTC); see <see cref="LoopBudget.Deadline"/>.</summary>
    public DateTime? Deadline => Budget.Deadline;

    /// <summary>The most tokens one agent step has used so far.</summary>
    public long LargestStepTokens { get; private set; }

    /// <summary>The most one agent step has cost so far.</summary>
    public decimal LargestStepCost { get; private set; }

    /// <summary>The most input tokens of one agent step so far.</summary>
    public long LargestStepInput { get; private set; }

    /// <summary>The most output tokens of one agent step so far.</summary>
    public long LargestStepOutput { get; private set; }

    /// <summary>The agent the next step runs: with <c>agent.models</c>, on the model the ladder is at.</summary>
    public AgentPlan CurrentAgent => plan.Agent.Escalation is { } ladder ? plan.Agent.On(ladder.Models[_model]) : plan.Agent;

    /// <summary>The agents of the next iteration's steps, in order: each attempt of <c>agent.attempts</c> resolved on
    /// <see cref="CurrentAgent"/>, or <see cref="CurrentAgent"/> alone.</summary>
    public IReadOnlyList<AgentPlan> AttemptAgents => plan.Agent.Attempts is { Count: > 0 } attempts
        ? [.. attempts.Select(a => a.Resolve(CurrentAgent))]
        : [CurrentAgent];

    /// <param name="iteration">The iteration as recorded.</param>
    /// <param name="unchangedVerdict">For an iteration that left the tree unchanged: the verdict that tree already had,
    /// which stands for the verification it was spared, so the stall count and the model ladder move as if the tree
    /// had been verified again.</param>
    public void Record(IterationRecord iteration, VerificationOutcome? unchangedVerdict = null)
    {
        _iterations.Add(iteration);
        Spent = Spent.Add(iteration.Spend);
        _spentOnModel = _spentOnModel.Add(iteration.Spend);
        // The worst case of a step is one agent step's: with attempts, the largest attempt, never their sum.
        foreach (var step in iteration.Attempts.Count > 0 ? iteration.Attempts.Select(a => a.Spend) : [iteration.Spend])
        {
            LargestStepTokens = Math.Max(LargestStepTokens, step.TotalTokens);
            LargestStepCost = Math.Max(LargestStepCost, step.CostUsd);
            LargestStepInput = Math.Max(LargestStepInput, step.InputTokens);
            LargestStepOutput = Math.Max(LargestStepOutput, step.OutputTokens);
        }
        if ((iteration.Verification ?? (iteration.TreeUnchanged ? unchangedVerdict : null)) is { } verification)
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

    public LoopStatus Status(int iteration, LoopPhase phase, DateTime now, LoopOutcome? outcome = null) =>
        new(plan.Name, iteration, phase, LastVerification, Spent, Budget.Left(now), plan.Workspace.WorkBranch, outcome) { Model = CurrentAgent.Model, LastAgentError = _iterations.Count > 0 ? _iterations[^1].AgentError : null };

    /// <summary>The closing note of an unverified ending (the message of its last commit and
    /// <see cref="LoopResult.ClosingNote"/>): what was tried and what still fails.</summary>
    public string ClosingNote(LoopOutcome outcome, string reason)
    {
        var lines = new List<string> { $"loop {plan.Name}: hand-off ({outcome})", "", reason, "", "What was tried:" };
        lines.AddRange(_iterations.Select(i => $"- iteration {i.Number}{(i.Model is { } m && plan.Agent.Escalation is not null ? $" ({m})" : "")}: {FirstLine(i.AgentSummary)}"
            + (i.Attempts.Count > 0 ? $" [{i.Attempts.Count} attempts, {(i.Attempts.FirstOrDefault(a => a.Committed) is { } kept ? $"attempt {kept.Index} kept" : "none kept")}]" : "")
            + (i.AgentError is { } e ? $" [agent error: {FirstLine(e)}]" : "")
            + (i.Guard is { Allowed: false } g ? $" [rejected by guard: {string.Join("; ", g.Violations)}]" : "")
            + (i.Verification is { } v ? $" -> {v.Summary}" : "")
            + (i.TreeUnchanged ? " -> unchanged, not verified again" : "")));
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
