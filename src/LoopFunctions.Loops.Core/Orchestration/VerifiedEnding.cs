using LoopFunctions.Loops.Orchestration.Steps;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>
/// The outputs of a verified run, in order: (after an approval where governance asks for one) push and open or update
/// a pull request (loop branches; a pull-request loop has already pushed to its head), publish, deploy. One approval
/// covers every listed step of a run.
/// </summary>
internal static class VerifiedEnding
{
    public static async Task<(LoopResult Result, PublishResult? Published)> EndAsync(LoopScope scope, string head)
    {
        var plan = scope.Plan;
        var run = scope.Run;
        var workspace = scope.Workspace!;
        string? pushedTo = null;
        if (plan.Workspace.OnPullRequestHead)
        {
            pushedTo = plan.Outputs.Push ? $"{plan.Outputs.Remote}/{workspace.Branch}" : null;
        }
        else if (plan.Outputs.Push)
        {
            if (plan.Governance.NeedsApproval("push") || plan.Governance.NeedsApproval("pr"))
            {
                var decision = await Approvals.WaitAsync(scope);
                if (!decision.Approved)
                {
                    return (Rejected(scope, head, $"Verified, but the push was rejected{Approvals.Words(decision)}."), null);
                }
            }

            scope.Publish(LoopPhase.Publishing);
            var squash = plan.Outputs.CommitMode == "on_success" ? $"loop {plan.Name}: {FirstLine(plan.Goal)}" : null;
            pushedTo = await scope.CallAsync<string>(LoopActivityNames.Push, new PushInput(workspace, plan.Outputs.Remote, squash));
        }

        string? pullRequest = null;
        if (pushedTo is not null && !plan.Workspace.OnPullRequestHead && plan.Outputs.PullRequestTitle is { } title)
        {
            var summary = string.Join('\n', run.Iterations.Select(i => $"- iteration {i.Number}: {FirstLine(i.AgentSummary)}"));
            var body = Render(plan.Outputs.PullRequestBody ?? "Opened by loop {loop} after {iterations} iteration(s); {cost} spent.\n\n{summary}\n\nVerification: {verification}", scope, summary);
            pullRequest = await scope.CallAsync<string>(LoopActivityNames.PullRequest, new PullRequestInput(workspace, plan.Outputs.Remote, plan.Workspace.BaseBranch, Render(title, scope, summary), body));
        }

        PublishResult? published = null;
        var deploy = plan.Outputs.Deploy;
        if (plan.Outputs.Publish is { } target && deploy is not { IsPublish: true })
        {
            if (plan.Governance.NeedsApproval("publish"))
            {
                var decision = await Approvals.WaitAsync(scope);
                if (!decision.Approved)
                {
                    return (Rejected(scope, head, $"Verified, but publishing was rejected{Approvals.Words(decision)}.") with { PushedTo = pushedTo, PullRequestUrl = pullRequest }, null);
                }
            }

            scope.Publish(LoopPhase.Publishing);
            var input = new PublishInput(workspace, head, target, plan.Name, scope.Context.InstanceId, run.Iterations[^1].Verification, run.Spent, scope.Now);
            published = await scope.CallAsync<PublishResult>(LoopActivityNames.Publish, input);
        }

        var reason = $"Verified after {run.Iterations.Count} iteration(s): {run.LastVerification}{(plan.Outputs.Publish is { } p ? $"; published to {p.Container}/{p.Prefix}" : "")}";
        var result = new LoopResult(plan.Name, LoopOutcome.Verified, reason, run.Iterations, run.Spent, workspace.Branch, head, PushedTo: pushedTo, PullRequestUrl: pullRequest, PublishedUrl: published?.Url)
        {
            Escalations = run.Escalations,
        };
        if (deploy is not null)
        {
            var deployed = await DeployPhase.RunAsync(scope, head, published);
            published = deployed.Published;
            result = result with { PublishedUrl = published?.Url, Deployment = deployed.Report };
            if (deployed.Rejection is { } rejection)
            {
                scope.Publish(LoopPhase.Done, LoopOutcome.Rejected);
                return (result with { Outcome = LoopOutcome.Rejected, Reason = $"Verified, but the deployment was rejected{Approvals.Words(rejection)}." }, published);
            }

            if (deployed.Report is { Succeeded: false } failed)
            {
                scope.Publish(LoopPhase.Done, LoopOutcome.DeployFailed);
                return (result with { Outcome = LoopOutcome.DeployFailed, Reason = DeployPhase.Failure(failed) }, published);
            }

            result = result with { Reason = $"{reason}; deployed{(deployed.Report?.Plan.Where is { } where ? " to " + where.Split('?')[0] : "")}" };
        }

        scope.Publish(LoopPhase.Done, LoopOutcome.Verified);
        return (result, published);
    }

    private static LoopResult Rejected(LoopScope scope, string head, string reason)
    {
        scope.Publish(LoopPhase.Done, LoopOutcome.Rejected);
        return new LoopResult(scope.Plan.Name, LoopOutcome.Rejected, reason, scope.Run.Iterations, scope.Run.Spent, scope.Workspace!.Branch, head) { Escalations = scope.Run.Escalations };
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
