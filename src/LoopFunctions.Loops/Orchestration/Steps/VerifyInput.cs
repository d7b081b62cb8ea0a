using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Orchestration.Steps;

/// <param name="Workspace">Where to run the checks.</param>
/// <param name="Plan">The run's plan: its checks, protected paths and judge settings.</param>
/// <param name="Baseline">The baseline run's data; null for the baseline run itself.</param>
public sealed record VerifyInput(WorkspaceInfo Workspace, LoopPlan Plan, string? Baseline)
{
    public IReadOnlyList<CheckPlan> Checks => Plan.Checks;

    public GovernancePlan Governance => Plan.Governance;

    public string LoopFile => Plan.SourcePath;

    public string Repository => Plan.Workspace.Repository;

    public string Goal => Plan.Goal;

    public AgentPlan Agent => Plan.Agent;
}
