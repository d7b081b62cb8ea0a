using System.Text.Json.Serialization;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Orchestration.Steps;

/// <param name="Workspace">Where the agent worked.</param>
/// <param name="Head">The commit the agent step started from.</param>
/// <param name="Plan">The run's plan: allowed and protected paths.</param>
public sealed record GuardInput(WorkspaceInfo Workspace, string Head, LoopPlan Plan) : IWorkspaceStep
{
    /// <summary>With <c>agent.attempts</c>: the attempt (1-based) whose tree the step works on
    /// (<c>attempts/&lt;n&gt;/</c> in the run's folder); null, and then not written, for a run's only attempt, whose
    /// steps keep the layout and inputs they had before attempts existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Attempt { get; init; }

    public IReadOnlyList<CheckPlan> Checks => Plan.Checks;

    public GovernancePlan Governance => Plan.Governance;

    public string LoopFile => Plan.SourcePath;

    public string Repository => Plan.Workspace.Repository;
}
