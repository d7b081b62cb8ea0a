using System.Text.Json.Serialization;
using LoopFunctions.Loops.Budget;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Orchestration.Steps;

/// <param name="Workspace">Where the agent works.</param>
/// <param name="Head">The commit the step starts from: the activity resets the tree to it first, so a retried step
/// after a crash starts from exactly the same tree.</param>
/// <param name="Goal">The loop's goal.</param>
/// <param name="Feedback">What the last verification or guard said, for the agent.</param>
/// <param name="Iteration">1-based.</param>
/// <param name="Agent">The agent settings.</param>
/// <param name="UntrustedContext">Event text, passed to the agent as quoted data only.</param>
/// <param name="Deadline">The run's <c>max_duration</c> deadline (UTC): the step stops its agent then.</param>
/// <param name="Protected">Path patterns the agent may not change (read-only in its sandbox, refused by its tools).</param>
public sealed record AgentStepInput(
    WorkspaceInfo Workspace,
    string Head,
    string Goal,
    string? Feedback,
    int Iteration,
    AgentPlan Agent,
    IReadOnlyDictionary<string, string>? UntrustedContext,
    DateTime? Deadline = null,
    IReadOnlyList<string>? Protected = null) : IWorkspaceStep
{
    /// <summary>With <c>agent.attempts</c>: the attempt (1-based) whose tree the step works on
    /// (<c>attempts/&lt;n&gt;/</c> in the run's folder); null, and then not written, for a run's only attempt, whose
    /// steps keep the layout and inputs they had before attempts existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Attempt { get; init; }

    /// <summary>With <c>limits.pool</c>: the reservation the step runs under. The step checks it is still held (a
    /// rewind or the janitor may have freed it) and does not run when it is not. Null without a pool, and then not
    /// written, so the inputs of unpooled runs stay as recorded histories have them.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PoolHold? Reservation { get; init; }
}
