using System.Globalization;
using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Governance;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;

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

    /// <summary>Worst case of a review call: the clipped diff as input, plus the prompt, plus its output cap.</summary>
    private const long ReviewWorstCaseTokens = (ReviewPlan.MaxDiffCharacters / 4) + 2_000 + ReviewPlan.MaxOutputTokens;

    public static async Task<PullRequestInfo> LoadAsync(LoopScope scope, PullRequestTarget target)
    {
        var pr = await scope.CallAsync<PullRequestInfo>(LoopActivityNames.LoadPullRequest, target);
        scope.PullRequest = pr;
        scope.RemoteHead = pr.HeadSha;
        scope.Plan = scope.Plan with { Workspace = scope.Plan.Workspace with { WorkBranch = pr.HeadBranch } };
        return pr;
    }

    /// <summary>The review before the first agent step; its findings join the goal as quoted data (the reviewer read
    /// text anyone could have written into the pull request).</summary>
    /// <returns>The goal the agent gets, and the review (null when the loop has none or the budget left none for it).</returns>
    public static async Task<(string Goal, ReviewOutcome? Review)> ReviewAsync(LoopScope scope, string goal)
    {
        if (scope.Plan.Review is not { } review || scope.PullRequest is not { } pr)
        {
            return (goal, null);
        }

        if (!Affordable(scope, review))
        {
            return (goal, new ReviewOutcome([], "review: skipped, the budget leaves too little for it", TokenSpend.Zero));
        }

        scope.Publish(LoopPhase.Reviewing);
        var outcome = await scope.CallAsync<ReviewOutcome>(LoopActivityNames.Review, new ReviewInput(scope.Workspace!, review, goal, pr.BaseSha, pr.HeadSha));
        scope.Run.AddSpend(outcome.Spend);
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
    public static async Task<Delivery> DeliverAsync(LoopScope scope, string commit, VerificationOutcome verification)
    {
        var plan = scope.Plan;
        var pr = scope.PullRequest!;
        var spend = TokenSpend.Zero;
        if (plan.Governance.NeedsApproval("push"))
        {
            var decision = await Approvals.WaitAsync(scope);
            if (!decision.Approved)
            {
                return new Delivery(DeliveryStatus.Rejected, commit, verification, spend, Reason: $"the push to the pull request was rejected{Approvals.Words(decision)}");
            }
        }

        if (!pr.HeadIsWritable)
        {
            return await HandOffAsync(scope, commit, verification, spend, $"the pull request comes from the fork {pr.HeadRepository}, whose author does not allow maintainers to push to it");
        }

        scope.Publish(LoopPhase.Publishing);
        for (var rebase = 0; ; rebase++)
        {
            var push = await scope.CallAsync<PullRequestPushResult>(LoopActivityNames.PushToPullRequest, new PullRequestPushInput(scope.Workspace!, plan.Outputs.Remote, scope.RemoteHead!, commit));
            switch (push.Status)
            {
                case PullRequestPushStatus.Pushed:
                    scope.RemoteHead = commit;
                    scope.PushedCommit = commit;
                    return new Delivery(DeliveryStatus.Delivered, commit, verification, spend);
                case PullRequestPushStatus.Denied:
                    return await HandOffAsync(scope, commit, verification, spend, $"the push to {pr.HeadBranch} was refused: {push.Detail}");
            }

            if (rebase == MaxRebases)
            {
                return await HandOffAsync(scope, commit, verification, spend, $"the head kept moving ({MaxRebases} rebases)");
            }

            var protect = ProtectedPaths.For(plan).Select(g => g.Pattern).ToList();
            var replayed = await scope.CallAsync<RebaseResult>(LoopActivityNames.RebaseOntoHead, new RebaseInput(scope.Workspace!, scope.RemoteHead!, commit, push.RemoteHead, protect));
            if (!replayed.Clean)
            {
                return await HandOffAsync(scope, commit, verification, spend, $"someone pushed to {pr.HeadBranch} ({Short(push.RemoteHead)}) and the loop's work does not merge cleanly: {string.Join("; ", replayed.Conflicts)}");
            }

            // The head the loop builds on moved: its protected paths and its baseline are the new head's.
            scope.RemoteHead = push.RemoteHead;
            scope.Workspace = scope.Workspace! with { BaseCommit = push.RemoteHead, Head = push.RemoteHead };
            scope.Publish(LoopPhase.Baseline);
            var baseline = await scope.CallAsync<VerificationOutcome>(LoopActivityNames.Verify, new VerifyInput(scope.Workspace, plan, null, Deadline: scope.Run.Deadline));
            scope.Baseline = baseline.Baseline;
            scope.Publish(LoopPhase.Verify);
            verification = await scope.CallAsync<VerificationOutcome>(LoopActivityNames.Verify, new VerifyInput(scope.Workspace, plan, scope.Baseline, replayed.Candidate, scope.Run.Deadline));
            spend = spend.Add(baseline.Spend).Add(verification.Spend);
            scope.Publish(LoopPhase.Commit);
            var message = $"loop {plan.Name}: iteration {scope.Iteration}, replayed on {Short(push.RemoteHead)}\n\nSomeone pushed to {pr.HeadBranch} while the loop worked; its verified changes were merged onto the new head and verified again.\n\nVerification: {verification.Summary}";
            commit = (await scope.CallAsync<string?>(LoopActivityNames.Commit, new CommitInput(scope.Workspace, message, $"{scope.Context.InstanceId}/{scope.Iteration}/rebase{rebase + 1}", Candidate: replayed.Candidate, Head: push.RemoteHead)))
                ?? push.RemoteHead;
            if (!verification.Passed)
            {
                return new Delivery(DeliveryStatus.RebasedUnverified, commit, verification, spend, Reason: $"replayed on {Short(push.RemoteHead)}, it did not pass: {verification.Summary}");
            }

            scope.Publish(LoopPhase.Publishing);
        }
    }

    /// <summary>At the end of the run: the recheck of the review's findings against the loop's work, then the one
    /// review comment and the commit status.</summary>
    /// <param name="scope">The run.</param>
    /// <param name="result">How the run ended.</param>
    /// <param name="review">The first review, if one ran.</param>
    /// <param name="published">The publish step's result, if it ran.</param>
    /// <param name="work">The loop's work the findings are rechecked against: the commit delivered to the head or handed
    /// off; null when none left the run (nothing counts as fixed then).</param>
    public static async Task<LoopResult> ReportAsync(LoopScope scope, LoopResult result, ReviewOutcome? review, PublishResult? published, string? work)
    {
        if (scope.PullRequest is not { } pr || scope.Workspace is null)
        {
            return result;
        }

        scope.Publish(LoopPhase.Reporting);
        var final = scope.RemoteHead ?? pr.HeadSha;
        ReviewOutcome? recheck = null;
        if (review is { Findings.Count: > 0 } && scope.Plan.Review is { } reviewer && work is not null && work != pr.HeadSha && Affordable(scope, reviewer))
        {
            recheck = await scope.CallAsync<ReviewOutcome>(LoopActivityNames.Review, new ReviewInput(scope.Workspace, reviewer, scope.Plan.Goal, pr.BaseSha, work, review.Findings, pr.HeadSha));
            scope.Run.AddSpend(recheck.Spend);
        }

        var record = new PullRequestRecord(pr.Repository, pr.Number, pr.HeadSha, review?.Findings ?? [], recheck?.Fixed, Summaries(review, recheck), null);
        result = result with { Spent = scope.Run.Spent, PullRequest = record };
        var marker = $"<!-- loopfunctions:{scope.Context.InstanceId}:{pr.HeadSha} -->";
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
        var url = await scope.CallAsync<string>(LoopActivityNames.ReportToPullRequest, input);
        return result with { PullRequest = record with { CommentUrl = url } };
    }

    private static async Task<Delivery> HandOffAsync(LoopScope scope, string commit, VerificationOutcome verification, TokenSpend spend, string reason)
    {
        scope.Publish(LoopPhase.Publishing);
        var branch = await scope.CallAsync<string>(LoopActivityNames.HandOff, new HandOffInput(scope.Workspace!, commit, scope.Plan.Workspace.FollowUpBranch ?? $"loop/{scope.Plan.Name}/handoff"));
        return new Delivery(DeliveryStatus.HandedOff, commit, verification, spend, branch, reason);
    }

    private static bool Affordable(LoopScope scope, ReviewPlan review) =>
        scope.Run.Affords(ReviewWorstCaseTokens, review.Cost(ReviewWorstCaseTokens - ReviewPlan.MaxOutputTokens, ReviewPlan.MaxOutputTokens));

    private static string? Summaries(ReviewOutcome? review, ReviewOutcome? recheck) =>
        review is null ? null : recheck is null ? review.Summary : $"{review.Summary}; {recheck.Summary}";

    internal static string Line(ReviewFinding f) => string.Create(CultureInfo.InvariantCulture,
        $"{f.Number}. [{f.Severity}] {(f.Path is null ? "" : f.Path + (f.Line is { } l ? $":{l}" : "") + ": ")}{f.Text}");

    private static string Short(string commit) => commit.Length > 10 ? commit[..10] : commit;

    private static string FirstLine(string text) => text.Trim().Split('\n', 2)[0];
}
