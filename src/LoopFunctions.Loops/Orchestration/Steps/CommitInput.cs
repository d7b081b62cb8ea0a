namespace LoopFunctions.Loops.Orchestration.Steps;

/// <param name="Workspace">The workspace to commit in.</param>
/// <param name="Message">The commit message.</param>
/// <param name="Trailer">A <c>Loop-Step</c> trailer value unique to this commit: a retried commit finds it at HEAD and
/// does not commit twice.</param>
/// <param name="AllowEmpty">Commit even without changes (the hand-off commit carries its summary in the message).</param>
/// <param name="DiscardChangesSince">When set, the tree is first reset to this commit: the hand-off must not commit
/// what the guard rejected, and everything the guard allowed is already committed.</param>
public sealed record CommitInput(WorkspaceInfo Workspace, string Message, string Trailer, bool AllowEmpty = false, string? DiscardChangesSince = null);
