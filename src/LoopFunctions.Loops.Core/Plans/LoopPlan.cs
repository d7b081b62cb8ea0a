namespace LoopFunctions.Loops.Plans;

/// <summary>
/// Everything a loop run needs from its definition, resolved once by the <c>LoadPlan</c> activity and recorded in the
/// history, so a replay uses the definition the run started with even if the file changed since.
/// </summary>
/// <remarks>Holds no secret: the agent's key is named by <see cref="AgentPlan.ApiKeySetting"/> and read by the activity.</remarks>
public sealed record LoopPlan(
    string Name,
    string SourcePath,
    string Goal,
    WorkspacePlan Workspace,
    AgentPlan Agent,
    IReadOnlyList<CheckPlan> Checks,
    LimitsPlan Limits,
    GovernancePlan Governance,
    OutputsPlan Outputs,
    TimeSpan? CiWait = null)
{
    /// <summary>The <c>review</c> phase; null for none.</summary>
    public ReviewPlan? Review { get; init; }

    /// <summary>The pull request a <c>workspace.branch: head</c> loop works on; null otherwise.</summary>
    public PullRequestTarget? PullRequest { get; init; }
}
