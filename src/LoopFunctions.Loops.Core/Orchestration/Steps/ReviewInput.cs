using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>One review of a pull request's diff.</summary>
/// <param name="Workspace">The run's workspace (the project's repository has both commits).</param>
/// <param name="Review">The reviewer.</param>
/// <param name="Goal">The loop's goal, for the reviewer's context.</param>
/// <param name="From">The diff's start: the pull request's base commit.</param>
/// <param name="To">The diff's end: the head the loop starts from, or (recheck) the loop's last commit.</param>
/// <param name="Findings">Recheck only: the first review's findings, to be marked fixed or left.</param>
/// <param name="LoopStart">Recheck only: the commit the loop started from, so the reviewer also sees the loop's own changes.</param>
public sealed record ReviewInput(
    WorkspaceInfo Workspace,
    ReviewPlan Review,
    string Goal,
    string From,
    string To,
    IReadOnlyList<ReviewFinding>? Findings = null,
    string? LoopStart = null) : IWorkspaceStep
{
    /// <summary>Whether this is the final recheck of earlier findings rather than the first review.</summary>
    public bool IsRecheck => Findings is not null;
}
