using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Orchestration.Steps;

/// <param name="Workspace">Where the agent worked.</param>
/// <param name="Head">The commit the agent step started from.</param>
/// <param name="Plan">The run's plan: allowed and protected paths.</param>
public sealed record GuardInput(WorkspaceInfo Workspace, string Head, LoopPlan Plan) : IWorkspaceStep
{
    public IReadOnlyList<CheckPlan> Checks => Plan.Checks;

    public GovernancePlan Governance => Plan.Governance;

    public string LoopFile => Plan.SourcePath;

    public string Repository => Plan.Workspace.Repository;
}
