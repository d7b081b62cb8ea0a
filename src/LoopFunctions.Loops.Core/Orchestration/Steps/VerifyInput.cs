using System.Text.Json.Serialization;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Orchestration.Steps;

/// <param name="Workspace">The run's workspace.</param>
/// <param name="Plan">The run's plan: its checks, protected paths and judge settings.</param>
/// <param name="Baseline">The baseline run's data; null for the baseline run itself.</param>
/// <param name="Candidate">The commit to verify (the guard's candidate); null verifies the base commit.</param>
/// <param name="Deadline">The run's <c>max_duration</c> deadline (UTC): checks still running then are stopped.</param>
public sealed record VerifyInput(WorkspaceInfo Workspace, LoopPlan Plan, string? Baseline, string? Candidate = null, DateTime? Deadline = null) : IWorkspaceStep
{
    /// <summary>With <c>agent.attempts</c>: the attempt (1-based) whose tree the step works on
    /// (<c>attempts/&lt;n&gt;/</c> in the run's folder); null, and then not written, for a run's only attempt, whose
    /// steps keep the layout and inputs they had before attempts existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Attempt { get; init; }

    string? IWorkspaceStep.ApprovedCandidate => Candidate;

    public IReadOnlyList<CheckPlan> Checks => Plan.Checks;

    public GovernancePlan Governance => Plan.Governance;

    public string LoopFile => Plan.SourcePath;

    public string Repository => Plan.Workspace.Repository;

    public string Goal => Plan.Goal;

    public AgentPlan Agent => Plan.Agent;
}
