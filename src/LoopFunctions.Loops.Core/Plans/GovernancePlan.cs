namespace LoopFunctions.Loops.Plans;

/// <param name="AllowPaths">Globs the agent may change; empty means every path not protected.</param>
/// <param name="ProtectPaths">Globs the agent must never change; restored from the base commit before every verification.</param>
/// <param name="Approve">Steps that wait for a human: <c>push</c>, <c>pr</c>, <c>publish</c>.</param>
/// <param name="ApprovalTimeout">How long to wait for the approval before the run ends Rejected.</param>
public sealed record GovernancePlan(IReadOnlyList<string> AllowPaths, IReadOnlyList<string> ProtectPaths, IReadOnlyList<ApprovalStep> Approve, TimeSpan ApprovalTimeout)
{
    /// <summary><c>protect_test_machinery</c>: when <see cref="ProtectPaths"/> protects tests, also protect the test
    /// runners' configuration and hooks (<see cref="Governance.TestMachinery"/>). Default true.</summary>
    public bool ProtectTestMachinery { get; init; } = true;

    /// <summary><c>allow_binaries</c>: let the agent commit compiled or binary artifacts (<c>*.pyc</c>, <c>*.dll</c>,
    /// <c>*.so</c>, ...) and top-level modules named like the standard library or a test runner. Default false.</summary>
    public bool AllowBinaries { get; init; }

    /// <summary>Whether <paramref name="step"/> waits for a person.</summary>
    public bool NeedsApproval(ApprovalStep step) => Approve.Contains(step);
}
