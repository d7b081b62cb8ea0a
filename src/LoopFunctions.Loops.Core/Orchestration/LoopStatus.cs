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
    LoopOutcome? Outcome = null)
{
    /// <summary>The model the next (or running) agent step uses; with <c>agent.models</c>, where the ladder is.</summary>
    public string? Model { get; init; }

    /// <summary>Why the last iteration's agent step failed (refused edits, nothing changed, a crash), or null.</summary>
    public string? LastAgentError { get; init; }

    /// <summary>While a deployment waits for approval or runs: what is deployed, where, which commit.</summary>
    public Steps.DeploymentPreview? Deployment { get; init; }

    /// <summary>While waiting for CI: the commit whose CI result the loop waits for.</summary>
    public string? AwaitingCommit { get; init; }

    /// <summary>A pull-request loop: the last commit it pushed to the pull request's head. The webhook recognises the
    /// <c>synchronize</c> that push causes as the loop's own, not a person's.</summary>
    public string? PushedCommit { get; init; }
}
