using LoopFunctions.Loops.Orchestration.Steps;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>
/// Where a run is: its workspace, its baseline, its iteration and, for a pull-request loop, where the pull request's
/// head is as far as the loop knows. A phase takes the position it starts from and returns the one it leaves, so what
/// a phase changed is in its signature, not in a shared bag.
/// </summary>
/// <remarks>Lives only inside one replay of the orchestration, rebuilt from recorded results every time.</remarks>
/// <param name="Workspace">The run's workspace; a pull-request loop's moves to a new head when the head moved.</param>
internal sealed record RunPosition(WorkspaceInfo Workspace)
{
    /// <summary>The iteration running or last run; 0 before the first.</summary>
    public int Iteration { get; init; }

    /// <summary>The baseline's data; a pull-request loop runs it again when the head it builds on moves.</summary>
    public string? Baseline { get; init; }

    /// <summary>For a pull-request loop: the pull request as loaded.</summary>
    public PullRequestInfo? PullRequest { get; init; }

    /// <summary>For a pull-request loop: where its head branch is as far as the loop knows (its start, then its own
    /// pushes); a push expects the remote there.</summary>
    public string? RemoteHead { get; init; }

    /// <summary>The last commit this run pushed to the pull request's head; shown in the custom status.</summary>
    public string? PushedCommit { get; init; }

    /// <summary>With <c>limits.pool</c>: the hold the iteration's agent step ran under (settled after it).</summary>
    public Budget.PoolHold? PoolHold { get; init; }

    /// <summary>Set when the iteration's agent step could not get a pool hold to run under: the run stops.</summary>
    public BudgetStop? PoolStop { get; init; }

    /// <summary>Whether a person approved this run's outputs; one approval covers every listed step.</summary>
    public bool Approved { get; init; }
}
