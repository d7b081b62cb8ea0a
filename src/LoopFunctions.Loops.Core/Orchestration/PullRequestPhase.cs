using System.Globalization;
using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Governance;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using Microsoft.DurableTask;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>
/// The pull-request side of a <c>workspace.branch: head</c> loop: load the pull request, review its diff before the
/// first agent step, deliver verified commits to its head (never forced: a moved head is replayed and verified again
/// when it merges cleanly, else the work is handed off to a follow-up branch), and recheck and report at the end.
/// </summary>
internal static class PullRequestPhase
{
    /// <summary>How often a delivery follows a head that keeps moving before it hands off.</summary>
    public const int MaxRebases = 3;

    /// <summary>Loads the pull request the loop works on.</summary>
    /// <returns>The pull request, and the plan the run works with: the loaded one on the pull request's head branch.</returns>
    public static async Task<(PullRequestInfo PullRequest, LoopPlan Plan)> LoadAsync(TaskOrchestrationContext context, LoopPlan plan, PullRequestTarget target)
    {
        var pr = await context.CallLoadPullRequestAsync(target);
        return (pr, plan with { Workspace = plan.Workspace with { WorkBranch = pr.HeadBranch } });
    }

    /// <summary>The review before the first agent step; its findings join the goal as quoted data (the reviewer read
    /// text anyone could have written into the pull request).</summary>
    /// <returns>The goal the agent gets, and the review (null when the loop has none or the budget left none for it).</returns>
    public static async Task<(string Goal, ReviewOutcome? Review)> ReviewAsync(LoopScope scope, RunPosition at, string goal)
    {
        if (scope.Plan.Review is not { } review || at.PullRequest is not { } pr)
        {
            return (goal, null);
        }

        if (!scope.Run.Budget.AffordsReview(review))
        {
            return (goal, new ReviewOutcome([], "review: skipped, the budget leaves too little for it", TokenSpend.Zero));
        }

        if (!await PoolPhase.ReserveReviewAsync(scope, review, "review"))
        {
            return (goal, new ReviewOutcome([], $"review: skipped, the budget pool '{scope.Plan.Limits.Pool}' leaves too little for it", TokenSpend.Zero));
        }

        scope.Publish(LoopPhase.Reviewing, at);
        var outcome = await scope.Context.CallReviewAsync(new ReviewInput(at.Workspace, review, goal, pr.BaseSha, pr.HeadSha));
        scope.Run.AddSpend(outcome.Spend);
        await PoolPhase.SettleReviewAsync(scope, review, "review", outcome.Spend);
        if (outcome.Findings.Count == 0)
        {
            return (goal, outcome);
        }

        var list = string.Join('\n', outcome.Findings.Select(Line));
        var withFindings = $"{goal.TrimEnd()}\n\n# Review findings\n\nA review of the pull request found the problems below. Fix them as part of the goal; if you judge one wrong, leave it and say why in your summary.\n\n{PromptQuote.Quote("the review of the pull request", list)}";
        return (withFindings, outcome);
    }

    /// <summary>Pushes the verified <paramref name="commit"/> to the pull request's head. A head that moved is followed
    /// (<see cref="MaxRebases"/> times at most): the work is replayed on it, the baseline and the candidate are verified
    /// again on the new head, and only a passing result is pushed; conflicts, a rewritten head, a fork the loop may not
    /// write or a refusal hand the work off to a follow-up branch.</summary>
    /// <returns>What became of the commit; its <see cref="Delivery.At"/> is where the run is after it.</returns>
    public static async Task<Delivery> DeliverAsync(LoopScope scope, RunPosition at, string commit, VerificationOutcome verification)
    {
        var plan = scope.Plan;
        var pr = at.PullRequest!;
        var spend = TokenSpend.Zero;
        if (plan.Governance.NeedsApproval(ApprovalStep.Push))
        {
            (var decision, at) = await Approvals.WaitAsync(scope, at);
            if (!decision.Approved)
            {
                return new Delivery(DeliveryStatus.Rejected, commit, verification, spend, at, Reason: $"the push to the pull request was rejected{Approvals.Words(decision)}");
            }
        }

        if (!pr.HeadIsWritable)
        {
            return await ToFollowUpBranchAsync(scope, at, commit, verification, spend, $"the pull request comes from the fork {pr.HeadRepository}, whose author does not allow maintainers to push to it");
        }

        scope.Publish(LoopPhase.Publishing, at);
        for (var rebase = 0; ; rebase++)
        {
            var push = await scope.Context.CallPushToPullRequestAsync(new PullRequestPushInput(at.Workspace, plan.Outputs.Remote, at.RemoteHead!, commit));
            switch (push.Status)
            {
                case PullRequestPushStatus.Pushed:
                    scope.Log.Pushed(plan.Name, scope.InstanceId, commit, $"{pr.Repository}#{pr.Number} ({pr.HeadBranch})");
                    return new Delivery(DeliveryStatus.Delivered, commit, verification, spend, at with { RemoteHead = commit, PushedCommit = commit });
                case PullRequestPushStatus.Denied:
                    return await ToFollowUpBranchAsync(scope, at, commit, verification, spend, $"the push to {pr.HeadBranch} was refused: {push.Detail}");
            }

            if (rebase == MaxRebases)
            {
                return await ToFollowUpBranchAsync(scope, at, commit, verification, spend, $"the head kept moving ({MaxRebases} rebases)");
            }

            var protect = ProtectedPaths.For(plan).Select(g => g.Pattern).ToList();
            var replayed = await scope.Context.CallRebaseOntoHeadAsync(new RebaseInput(at.Workspace, at.RemoteHead!, commit, push.RemoteHead, protect));
            if (!replayed.Clean)
            {
                return await ToFollowUpBranchAsync(scope, at, commit, verification, spend, $"someone pushed to {pr.HeadBranch} ({Short(push.RemoteHead)}) and the loop's work does not merge cleanly: {string.Join("; ", replayed.Conflicts)}");
            }

            // The head the loop builds on moved: its protected paths and its baseline are the new head's.
            at = at with { RemoteHead = push.RemoteHead, Workspace = at.Workspace with { BaseCommit = push.RemoteHead, Head = push.RemoteHead } };
            scope.Publish(LoopPhase.Baseline, at);
            var baseline = await scope.Context.CallVerifyAsync(new VerifyInput(at.Workspace, plan, null, Deadline: scope.Run.Deadline));
            at = at with { Baseline = baseline.Baseline };
            scope.Publish(LoopPhase.Verify, at);
            verification = await scope.Context.CallVerifyAsync(new VerifyInput(at.Workspace, plan, at.Baseline, replayed.Candidate, scope.Run.Deadline));
            spend = spend.Add(baseline.Spend).Add(verification.Spend);
            scope.Publish(LoopPhase.Commit, at);
            var message = $"loop {plan.Name}: iteration {at.Iteration}, replayed on {Short(push.RemoteHead)}\n\nSomeone pushed to {pr.HeadBranch} while the loop worked; its verified changes were merged onto the new head and verified again.\n\nVerification: {verification.Summary}";
            commit = (await scope.Context.CallCommitAsync(new CommitInput(at.Workspace, message, $"{scope.InstanceId}/{at.Iteration}/rebase{rebase + 1}", Candidate: replayed.Candidate, Head: push.RemoteHead)))
                ?? push.RemoteHead;
            if (!verification.Passed)
            {
                return new Delivery(DeliveryStatus.RebasedUnverified, commit, verification, spend, at, Reason: $"replayed on {Short(push.RemoteHead)}, it did not pass: {verification.Summary}");
            }

            scope.Publish(LoopPhase.Publishing, at);
        }
    }

    /// <summary>At the end of the run: the recheck of the review's findings against the loop's work, then the one
    /// review comment and the commit status.</summary>
    /// <param name="scope">The run.</param>
    /// <param name="at">Where the run is; null when it ended before its workspace existed.</param>
    /// <param name="result">How the run ended.</param>
    /// <param name="review">The first review, if one ran.</param>
    /// <param name="published">The publish step's result, if it ran.</param>
    /// <param name="work">The loop's work the findings are rechecked against: the commit delivered to the head or handed
    /// off; null when none left the run (nothing counts as fixed then).</param>
    public static async Task<LoopResult> ReportAsync(LoopScope scope, RunPosition? at, LoopResult result, ReviewOutcome? review, PublishResult? published, string? work)
    {
        if (at?.PullRequest is not { } pr)
        {
            return result;
        }

        scope.Publish(LoopPhase.Reporting, at);
        var final = at.RemoteHead ?? pr.HeadSha;
        ReviewOutcome? recheck = null;
        if (review is { Findings.Count: > 0 } && scope.Plan.Review is { } reviewer && work is not null && work != pr.HeadSha && scope.Run.Budget.AffordsReview(reviewer)
            && await PoolPhase.ReserveReviewAsync(scope, reviewer, "recheck"))
        {
            recheck = await scope.Context.CallReviewAsync(new ReviewInput(at.Workspace, reviewer, scope.Plan.Goal, pr.BaseSha, work, review.Findings, pr.HeadSha));
            scope.Run.AddSpend(recheck.Spend);
            await PoolPhase.SettleReviewAsync(scope, reviewer, "recheck", recheck.Spend);
        }

        var record = new PullRequestRecord(pr.Repository, pr.Number, pr.HeadSha, review?.Findings ?? [], recheck?.Fixed, Summaries(review, recheck), null);
        result = result with { Spent = scope.Run.Spent, PullRequest = record };
        var marker = $"<!-- loopfunctions:{scope.InstanceId}:{pr.HeadSha} -->";
        var share = published is not null && scope.Plan.Outputs.Publish is { IsPublic: false } publish && publish.SharesWith("pull_request") && !publish.SharesWith("run");
        var body = PullRequestReport.Render(scope.Plan, result, marker, share);
        var verified = result.Outcome == LoopOutcome.Verified;
        var input = new PullRequestReportInput(
            pr.Repository,
            pr.Number,
            body,
            marker,
            final,
            verified ? "success" : "failure",
            $"loopfunctions/{scope.Plan.Name}",
            $"{result.Outcome}: {FirstLine(result.Reason)}",
            share ? published : null);
        var url = await scope.Context.CallReportToPullRequestAsync(input);
        return result with { PullRequest = record with { CommentUrl = url } };
    }

    private static async Task<Delivery> ToFollowUpBranchAsync(LoopScope scope, RunPosition at, string commit, VerificationOutcome verification, TokenSpend spend, string reason)
    {
        scope.Publish(LoopPhase.Publishing, at);
        var branch = await scope.Context.CallFollowUpBranchAsync(new FollowUpBranchInput(at.Workspace, commit, scope.Plan.Workspace.FollowUpBranch ?? $"loop/{scope.Plan.Name}/handoff"));
        scope.Log.HandedOff(scope.Plan.Name, scope.InstanceId, branch, reason);
        return new Delivery(DeliveryStatus.HandedOff, commit, verification, spend, at, branch, reason);
    }

    private static string? Summaries(ReviewOutcome? review, ReviewOutcome? recheck) =>
        review is null ? null : recheck is null ? review.Summary : $"{review.Summary}; {recheck.Summary}";

    internal static string Line(ReviewFinding f) => string.Create(CultureInfo.InvariantCulture,
        $"{f.Number}. [{f.Severity}] {(f.Path is null ? "" : f.Path + (f.Line is { } l ? $":{l}" : "") + ": ")}{f.Text}");

    private static string Short(string commit) => commit.Length > 10 ? commit[..10] : commit;

    private static string FirstLine(string text) => text.Trim().Split('\n', 2)[0];
}
