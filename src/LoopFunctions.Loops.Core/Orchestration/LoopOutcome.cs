using System.Text.Json.Serialization;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>How a loop run ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LoopOutcome>))]
public enum LoopOutcome
{
    /// <summary>Every check passed; outputs (push, PR) were done.</summary>
    Verified,

    /// <summary>The next agent call could have exceeded the token, cost or time budget, so it was not made.</summary>
    BudgetExhausted,

    /// <summary><c>limits.max_iterations</c> iterations ran without passing verification.</summary>
    MaxIterations,

    /// <summary>The verification signal did not improve for <c>limits.stall_after</c> iterations.</summary>
    Stalled,

    /// <summary>A person rejected the result, or the approval timed out.</summary>
    Rejected,

    /// <summary>A step failed beyond its retries; see <see cref="LoopResult.Failure"/>.</summary>
    Failed,

    /// <summary>A pull-request loop verified its work but could not push it to the pull request's head (a fork it may
    /// not write, a head that moved and does not merge cleanly): the work is on a follow-up branch
    /// (<see cref="LoopResult.FollowUpBranch"/>) and the pull request's comment says so.</summary>
    HandedOff,

    /// <summary>The verified commit was deployed, but the deployment or a post-deploy check failed; the declared
    /// rollback ran. <see cref="LoopResult.Deployment"/> holds the evidence.</summary>
    DeployFailed,
}
