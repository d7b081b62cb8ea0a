namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>A step that works on a run's workspace: when it fails, or keeps ending its worker, the run's work is
/// handed off next to the loop branch (<c>RescueBranch</c>).</summary>
public interface IWorkspaceStep
{
    WorkspaceInfo Workspace { get; }

    /// <summary>A candidate commit the guard already allowed, which the rescue branch may keep; none by default.</summary>
    string? ApprovedCandidate => null;

    /// <summary>The attempt of <c>agent.attempts</c> whose tree the step works on; null for a run's only attempt.</summary>
    int? Attempt => null;
}
