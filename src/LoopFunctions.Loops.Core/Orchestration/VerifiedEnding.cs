using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>
/// The outputs of a verified run, in order: (after an approval where governance asks for one) push and open or update
/// a pull request (loop branches; a pull-request loop has already pushed to its head), publish, deploy. One approval
/// covers every listed step of a run.
/// </summary>
internal static class VerifiedEnding
{
    /// <returns>The result, the publish step's result (null when nothing was published) and where the run is.</returns>
    public static async Task<(LoopResult Result, PublishResult? Published, RunPosition At)> EndAsync(LoopScope scope, RunPosition at, string head)
    {
        var plan = scope.Plan;
        var run = scope.Run;
        var workspace = at.Workspace;
        string? pushedTo = null;
        if (plan.Workspace.OnPullRequestHead)
        {
            pushedTo = plan.Outputs.Push ? $"{plan.Outputs.Remote}/{workspace.Branch}" : null;
        }
        else if (plan.Outputs.Push)
        {
            if (plan.Governance.NeedsApproval(ApprovalStep.Push) || plan.Governance.NeedsApproval(ApprovalStep.PullRequest))
            {
                (var decision, at) = await Approvals.WaitAsync(scope, at);
                if (!decision.Approved)
                {
                    return (Rejected(scope, at, head, $"Verified, but the push was rejected{Approvals.Words(decision)}."), null, at);
                }
            }

            scope.Publish(LoopPhase.Publishing, at);
            var squash = plan.Outputs.CommitMode == CommitMode.OnSuccess ? $"loop {plan.Name}: {FirstLine(plan.Goal)}" : null;
            pushedTo = await scope.Context.CallPushAsync(new PushInput(workspace, plan.Outputs.Remote, squash));
            scope.Log.Pushed(plan.Name, scope.InstanceId, head, pushedTo);
        }

        string? pullRequest = null;
        if (pushedTo is not null && !plan.Workspace.OnPullRequestHead && plan.Outputs.PullRequestTitle is { } title)
        {
            var summary = string.Join('\n', run.Iterations.Select(i => $"- iteration {i.Number}: {FirstLine(i.AgentSummary)}"));
            var body = Render(plan.Outputs.PullRequestBody ?? "Opened by loop {loop} after {iterations} iteration(s); {cost} spent.\n\n{summary}\n\nVerification: {verification}", scope, summary);
            pullRequest = await scope.Context.CallPullRequestAsync(new PullRequestInput(workspace, plan.Outputs.Remote, plan.Workspace.BaseBranch, Render(title, scope, summary), body));
            scope.Log.PullRequestOpened(plan.Name, scope.InstanceId, pullRequest);
        }

        PublishResult? published = null;
        var deploy = plan.Outputs.Deploy;
        if (plan.Outputs.Publish is { } target && deploy is not { IsPublish: true })
        {
            if (plan.Governance.NeedsApproval(ApprovalStep.Publish))
            {
                (var decision, at) = await Approvals.WaitAsync(scope, at);
                if (!decision.Approved)
                {
                    return (Rejected(scope, at, head, $"Verified, but publishing was rejected{Approvals.Words(decision)}.") with { PushedTo = pushedTo, PullRequestUrl = pullRequest }, null, at);
                }
            }

            scope.Publish(LoopPhase.Publishing, at);
            var input = new PublishInput(workspace, head, target, plan.Name, scope.InstanceId, run.Iterations[^1].Verification, run.Spent, scope.Now);
            published = await scope.Context.CallPublishAsync(input);
            scope.Log.Published(plan.Name, scope.InstanceId, published.Uploaded, published.Container, published.Prefix);
        }

        var reason = $"Verified after {run.Iterations.Count} iteration(s): {run.LastVerification}{(plan.Outputs.Publish is { } p ? $"; published to {p.Container}/{p.Prefix}" : "")}";
        var result = new LoopResult(plan.Name, LoopOutcome.Verified, reason, run.Iterations, run.Spent, workspace.Branch, head, PushedTo: pushedTo, PullRequestUrl: pullRequest, PublishedUrl: published?.Url)
        {
            Escalations = run.Escalations,
        };
        if (deploy is not null)
        {
            var deployed = await DeployPhase.RunAsync(scope, at, head, published);
            (published, at) = (deployed.Published, deployed.At);
            result = result with { PublishedUrl = published?.Url, Deployment = deployed.Report };
            if (deployed.Rejection is { } rejection)
            {
                scope.Publish(LoopPhase.Done, at, LoopOutcome.Rejected);
                return (result with { Outcome = LoopOutcome.Rejected, Reason = $"Verified, but the deployment was rejected{Approvals.Words(rejection)}." }, published, at);
            }

            if (deployed.Report is { Succeeded: false } failed)
            {
                scope.Publish(LoopPhase.Done, at, LoopOutcome.DeployFailed);
                return (result with { Outcome = LoopOutcome.DeployFailed, Reason = DeployPhase.Failure(failed) }, published, at);
            }

            result = result with { Reason = $"{reason}; deployed{(deployed.Report?.Plan.Where is { } where ? " to " + where.Split('?')[0] : "")}" };
        }

        scope.Publish(LoopPhase.Done, at, LoopOutcome.Verified);
        return (result, published, at);
    }

    private static LoopResult Rejected(LoopScope scope, RunPosition at, string head, string reason)
    {
        scope.Publish(LoopPhase.Done, at, LoopOutcome.Rejected);
        return new LoopResult(scope.Plan.Name, LoopOutcome.Rejected, reason, scope.Run.Iterations, scope.Run.Spent, at.Workspace.Branch, head) { Escalations = scope.Run.Escalations };
    }

    /// <summary>Fills a title or body template: {loop}, {branch}, {iterations}, {tokens}, {cost}, {verification}, {summary}.</summary>
    private static string Render(string template, LoopScope scope, string summary) => template
        .Replace("{loop}", scope.Plan.Name, StringComparison.Ordinal)
        .Replace("{branch}", scope.Plan.Workspace.WorkBranch, StringComparison.Ordinal)
        .Replace("{iterations}", scope.Run.Iterations.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{tokens}", scope.Run.Spent.TotalTokens.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{cost}", scope.Run.Spent.CostText("$0.00##"), StringComparison.Ordinal)
        .Replace("{verification}", scope.Run.LastVerification ?? "", StringComparison.Ordinal)
        .Replace("{summary}", summary, StringComparison.Ordinal);

    internal static string FirstLine(string text) => text.Trim().Split('\n', 2)[0].Trim().TrimStart('#', ' ');
}
