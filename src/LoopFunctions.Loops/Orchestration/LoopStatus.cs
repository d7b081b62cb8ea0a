namespace LoopFunctions.Loops.Orchestration;

/// <summary>The custom status every running loop publishes: the dashboard and <c>loopfn status</c> show it.</summary>
public sealed record LoopStatus(
    string Loop,
    int Iteration,
    LoopPhase Phase,
    string? LastVerification,
    TokenSpend Spent,
    BudgetLeft BudgetLeft,
    string? Branch,
    LoopOutcome? Outcome = null);
