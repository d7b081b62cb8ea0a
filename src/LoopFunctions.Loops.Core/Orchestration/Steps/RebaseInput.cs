namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>Replay the loop's work on a head that moved.</summary>
/// <param name="Workspace">The run's workspace.</param>
/// <param name="From">The commit the loop's work started from (the old head).</param>
/// <param name="Tip">The loop's verified commit.</param>
/// <param name="Onto">The head branch's new commit.</param>
/// <param name="Protected">Protected path patterns: a merge that changes one of them against the new head is not clean.</param>
public sealed record RebaseInput(WorkspaceInfo Workspace, string From, string Tip, string Onto, IReadOnlyList<string> Protected) : IWorkspaceStep;
