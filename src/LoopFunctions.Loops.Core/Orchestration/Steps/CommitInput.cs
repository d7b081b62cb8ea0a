namespace LoopFunctions.Loops.Orchestration.Steps;

/// <param name="Workspace">The workspace to commit in.</param>
/// <param name="Message">The commit message (any length).</param>
/// <param name="Trailer">A <c>Loop-Step</c> trailer value unique to this commit: a retried commit finds it at the branch
/// tip and does not commit twice.</param>
/// <param name="AllowEmpty">Commit even without changes (the closing note commit carries its summary in the message).</param>
/// <param name="DiscardChangesSince">Without <paramref name="Candidate"/>: commit this commit's tree (the closing note
/// note on the branch as it is: what the guard rejected is never committed).</param>
/// <param name="Candidate">The verified candidate whose tree is committed; also usable by a closing note commit that keeps
/// an iteration's work the guard allowed.</param>
/// <param name="Head">Where the branch must be: the step's start commit. The commit is refused if it moved.</param>
public sealed record CommitInput(WorkspaceInfo Workspace, string Message, string Trailer, bool AllowEmpty = false, string? DiscardChangesSince = null, string? Candidate = null, string? Head = null) : IWorkspaceStep
{
    string? IWorkspaceStep.ApprovedCandidate => Candidate;
}
