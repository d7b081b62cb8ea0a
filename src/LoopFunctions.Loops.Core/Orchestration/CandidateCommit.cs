using LoopFunctions.Loops.Orchestration.Steps;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>The end of an iteration whose candidate the guard allowed and the checks judged: commit it, and when it
/// passed, deliver it to a pull request's head and wait for CI. Shared by an iteration of one agent step and by the
/// attempts phase (which commits only its best attempt), so both schedule the same steps in the same order.</summary>
internal static class CandidateCommit
{
    /// <param name="scope">The run.</param>
    /// <param name="at">Where the run is.</param>
    /// <param name="input">The run's input (its GitHub repository, for CI).</param>
    /// <param name="head">The iteration's head: the commit the agent started from.</param>
    /// <param name="summary">The agent's summary, for the commit message.</param>
    /// <param name="guard">The guard's verdict on the candidate (allowed).</param>
    /// <param name="verification">The candidate's verification.</param>
    /// <param name="spend">What the iteration spent so far; a delivery's re-verification adds to it.</param>
    public static async Task<(string? Commit, VerificationOutcome Verification, TokenSpend Spend, Delivery? Delivery, RunPosition At)> CommitAsync(
        LoopScope scope, RunPosition at, LoopRunInput input, string head, string summary, GuardOutcome guard, VerificationOutcome verification, TokenSpend spend)
    {
        var (context, plan, iteration) = (scope.Context, scope.Plan, at.Iteration);
        scope.Publish(LoopPhase.Commit, at);
        var message = $"loop {plan.Name}: iteration {iteration}\n\n{summary}\n\nVerification: {verification.Summary}";
        var commit = await context.CallCommitAsync(new CommitInput(at.Workspace, message, $"{context.InstanceId}/{iteration}", Candidate: guard.Candidate, Head: guard.Candidate is null ? null : head));
        Delivery? delivery = null;
        if (verification.Passed && plan.Workspace.OnPullRequestHead && plan.Outputs.Push && commit is not null)
        {
            delivery = await PullRequestPhase.DeliverAsync(scope, at, commit, verification);
            (commit, verification, spend, at) = (delivery.Commit, delivery.Verification, spend.Add(delivery.Spend), delivery.At);
        }

        if (verification.Passed && plan.CiWait is not null && delivery?.Status is null or DeliveryStatus.Delivered)
        {
            if (delivery is null)
            {
                scope.Publish(LoopPhase.AwaitingCi, at);
                var pushedTo = await context.CallPushAsync(new PushInput(at.Workspace, plan.Outputs.Remote, null));
                scope.Log.Pushed(plan.Name, context.InstanceId, commit ?? head, pushedTo);
            }

            verification = await CiPhase.WaitAsync(scope, at, commit ?? head, verification, at.PullRequest?.Repository ?? input.GitHubRepository);
        }

        return (commit, verification, spend, delivery, at);
    }
}
