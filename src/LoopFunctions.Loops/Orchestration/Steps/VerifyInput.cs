using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Orchestration.Steps;

/// <param name="Workspace">Where to run the checks.</param>
/// <param name="Checks">The checks.</param>
/// <param name="ProtectPaths">Restored from <see cref="WorkspaceInfo.BaseCommit"/> before the checks run, so a weakened
/// or deleted test cannot make the loop pass.</param>
/// <param name="Baseline">The baseline run's data; null for the baseline run itself.</param>
public sealed record VerifyInput(WorkspaceInfo Workspace, IReadOnlyList<CheckPlan> Checks, IReadOnlyList<string> ProtectPaths, string? Baseline);
