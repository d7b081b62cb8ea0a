namespace LoopFunctions.Loops.Orchestration.Steps;

/// <param name="Workspace">The workspace to commit in.</param>
/// <param name="Message">The commit message.</param>
/// <param name="Trailer">A <c>Loop-Step</c> trailer value unique to this commit: a retried commit finds it at HEAD and
/// does not commit twice.</param>
/// <param name="AllowEmpty">Commit even without changes (the hand-off commit carries its summary in the message).</param>
public sealed record CommitInput(WorkspaceInfo Workspace, string Message, string Trailer, bool AllowEmpty = false);
