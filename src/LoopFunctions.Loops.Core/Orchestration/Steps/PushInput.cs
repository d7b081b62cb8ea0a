namespace LoopFunctions.Loops.Orchestration.Steps;

public sealed record PushInput(WorkspaceInfo Workspace, string Remote, string? SquashMessage) : IWorkspaceStep;
