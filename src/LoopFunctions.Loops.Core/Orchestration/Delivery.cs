using LoopFunctions.Loops.Orchestration.Steps;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>What became of a verified commit a pull-request loop tried to push to the pull request's head.</summary>
/// <param name="Status">Delivered, or why not.</param>
/// <param name="Commit">The commit now at the tip of the loop's branch: the pushed one, or a rebased one.</param>
/// <param name="Verification">The verification of <paramref name="Commit"/> (a rebased commit is verified again).</param>
/// <param name="Spend">What extra verifications spent (an LLM judge).</param>
/// <param name="At">Where the run is after the delivery: the head it pushed to or moved to, an approval.</param>
/// <param name="FollowUpBranch">Where the work went instead (<c>base/{branch}</c>), when handed off.</param>
/// <param name="Reason">Why it was not delivered.</param>
internal sealed record Delivery(DeliveryStatus Status, string Commit, VerificationOutcome Verification, TokenSpend Spend, RunPosition At, string? FollowUpBranch = null, string? Reason = null);

/// <summary>How a delivery to a pull request's head ended.</summary>
internal enum DeliveryStatus
{
    /// <summary>The pull request's head is at the verified commit.</summary>
    Delivered,

    /// <summary>The head moved; the work was replayed on it, but the result did not pass verification: the loop goes
    /// on from there.</summary>
    RebasedUnverified,

    /// <summary>The work went to a follow-up branch instead.</summary>
    HandedOff,

    /// <summary>A person rejected the push.</summary>
    Rejected,
}
