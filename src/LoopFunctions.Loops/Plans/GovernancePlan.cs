namespace LoopFunctions.Loops.Plans;

/// <param name="AllowPaths">Globs the agent may change; empty means every path not protected.</param>
/// <param name="ProtectPaths">Globs the agent must never change; restored from the base commit before every verification.</param>
/// <param name="Approve">Steps that wait for a human: <c>push</c>, <c>pr</c>, <c>publish</c>.</param>
/// <param name="ApprovalTimeout">How long to wait for the approval before the run ends Rejected.</param>
public sealed record GovernancePlan(IReadOnlyList<string> AllowPaths, IReadOnlyList<string> ProtectPaths, IReadOnlyList<string> Approve, TimeSpan ApprovalTimeout)
{
    public bool NeedsApproval(string step) => Approve.Contains(step, StringComparer.OrdinalIgnoreCase);
}
