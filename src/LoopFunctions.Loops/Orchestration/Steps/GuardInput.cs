using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Orchestration.Steps;

public sealed record GuardInput(WorkspaceInfo Workspace, string Head, GovernancePlan Governance, string LoopFile);
