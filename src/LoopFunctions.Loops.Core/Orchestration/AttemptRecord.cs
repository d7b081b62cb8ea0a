namespace LoopFunctions.Loops.Orchestration;

/// <summary>The ledger entry of one attempt of an iteration that ran <c>agent.attempts</c>: what it cost and how it
/// ended, committed or discarded.</summary>
/// <param name="Index">1-based, in the order of <c>agent.attempts</c>.</param>
/// <param name="Model">The attempt's model.</param>
/// <param name="Kind">The attempt's agent kind.</param>
/// <param name="Spend">The attempt's agent step and its verification (an LLM judge), counted against the run's budget
/// whether or not the attempt was committed.</param>
/// <param name="Verdict">How it ended.</param>
/// <param name="Signal">The verification signal (lower is better); null when it was not verified.</param>
/// <param name="DiffLines">Insertions plus deletions of its candidate against the iteration's head; 0 without one.</param>
/// <param name="Committed">Whether its candidate is the iteration's commit.</param>
/// <param name="AgentError">Why its agent step failed, or null.</param>
public sealed record AttemptRecord(
    int Index,
    string? Model,
    string Kind,
    TokenSpend Spend,
    AttemptVerdict Verdict,
    double? Signal,
    int DiffLines,
    bool Committed,
    string? AgentError = null);
