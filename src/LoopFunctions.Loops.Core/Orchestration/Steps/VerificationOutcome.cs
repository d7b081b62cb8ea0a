namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>A verification: pass or fail, a summary, feedback for the agent and a number that falls as the work
/// improves (the stall signal).</summary>
/// <param name="Passed">Whether the loop may stop here.</param>
/// <param name="Summary">One line, e.g. "tests: 41/42 passed (1 new failure)".</param>
/// <param name="Feedback">What the agent is told next iteration.</param>
/// <param name="Signal">Lower is better: failing checks and tests; the stall detector reads it.</param>
/// <param name="Checks">Each check's result.</param>
/// <param name="Baseline">For the baseline run: the data later runs compare against (opaque to the orchestrator).</param>
public sealed record VerificationOutcome(bool Passed, string Summary, string Feedback, double Signal, IReadOnlyList<CheckOutcome> Checks, string? Baseline = null)
{
    /// <summary>What the checks themselves spent (an LLM judge); counted against the budget.</summary>
    public TokenSpend Spend { get; init; } = TokenSpend.Zero;
}
