namespace LoopFunctions.Loops.Plans;

/// <param name="Repository">A local path or clone URL.</param>
/// <param name="BaseBranch">The branch the loop starts from.</param>
/// <param name="WorkBranch">The rendered branch the loop commits to.</param>
/// <param name="WorkRoot">Where clones live (under the store folder by default), so a restarted process finds them.</param>
/// <param name="SetupCommand">Run once after the clone, as argv; null for none.</param>
public sealed record WorkspacePlan(string Repository, string BaseBranch, string WorkBranch, string WorkRoot, IReadOnlyList<string>? SetupCommand);
