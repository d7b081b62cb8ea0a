using Microsoft.DurableTask;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>The output of a loop run: its outcome, every iteration, and the totals the cost reports read.</summary>
public sealed record LoopResult(
    string Loop,
    LoopOutcome Outcome,
    string Reason,
    IReadOnlyList<IterationRecord> Iterations,
    TokenSpend Spent,
    string? Branch,
    string? FinalCommit,
    string? Handoff = null,
    string? PushedTo = null,
    TaskFailureDetails? Failure = null,
    string? PullRequestUrl = null,
    string? PublishedUrl = null);
