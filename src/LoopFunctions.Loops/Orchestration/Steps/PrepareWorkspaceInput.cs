using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Orchestration.Steps;

public sealed record PrepareWorkspaceInput(WorkspacePlan Workspace, string InstanceId);
