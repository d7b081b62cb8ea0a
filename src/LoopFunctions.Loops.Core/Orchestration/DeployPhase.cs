using System.Globalization;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>
/// <c>outputs.deploy</c> after a verified run: show the plan (what, where, which commit) and wait for an approval when
/// <c>governance.approve</c> lists <c>deploy</c>; deploy the verified commit (a command in a clean checkout of it, or
/// the built-in publish); run the post-deploy checks; on any failure run the declared rollback. The report holds the
/// evidence; a failure ends the run <see cref="LoopOutcome.DeployFailed"/>.
/// </summary>
internal static class DeployPhase
{
    /// <summary>What the deployment did; or, when a person rejected it, the decision and no report.</summary>
    public sealed record Result(DeploymentReport? Report, ApprovalDecision? Rejection, PublishResult? Published);

    public static async Task<Result> RunAsync(LoopScope scope, string commit, PublishResult? published)
    {
        var plan = scope.Plan;
        var deploy = plan.Outputs.Deploy!;
        var url = deploy.IsPublish ? deploy.Url is null ? null : Render(deploy.Url, scope, commit) : deploy.Url is { } u ? Render(u, scope, commit) : null;
        scope.Deployment = Preview(plan, deploy, commit, url, scope.Workspace!.Branch);
        if (plan.Governance.NeedsApproval("deploy"))
        {
            var decision = await Approvals.WaitAsync(scope);
            if (!decision.Approved)
            {
                scope.Deployment = null;
                return new Result(null, decision, published);
            }
        }

        scope.Publish(LoopPhase.Deploying);
        DeployStepResult step;
        if (deploy.IsPublish)
        {
            var input = new PublishInput(scope.Workspace, commit, plan.Outputs.Publish!, plan.Name, scope.Context.InstanceId, scope.Run.Iterations[^1].Verification, scope.Run.Spent, scope.Now);
            published = await scope.CallAsync<PublishResult>(LoopActivityNames.Publish, input);
            url ??= published.Url;
            step = new DeployStepResult(true, string.Create(CultureInfo.InvariantCulture, $"deploy: published {published.Uploaded} new or changed file(s), {published.Unchanged} unchanged, {published.Deleted} removed, to {published.Container}/{published.Prefix}"), "");
        }
        else
        {
            step = await scope.CallAsync<DeployStepResult>(LoopActivityNames.Deploy, Input(scope, deploy, commit, url, published));
        }

        IReadOnlyList<DeployCheckOutcome> checks = [];
        if (step.Succeeded && deploy.Checks.Count > 0)
        {
            checks = await scope.CallAsync<IReadOnlyList<DeployCheckOutcome>>(LoopActivityNames.CheckDeployment, Input(scope, deploy, commit, url, published));
        }

        var succeeded = step.Succeeded && checks.All(c => c.Passed);
        DeployStepResult? rollback = null;
        if (!succeeded && (deploy.Rollback is not null || deploy.Withdraw))
        {
            rollback = await scope.CallAsync<DeployStepResult>(LoopActivityNames.RollbackDeployment, Input(scope, deploy, commit, url, published));
        }

        var preview = scope.Deployment;
        scope.Deployment = null;
        return new Result(new DeploymentReport(preview, succeeded, step, checks, rollback), null, published);
    }

    /// <summary>The reason a failed deployment gives, with the evidence of the first failure.</summary>
    public static string Failure(DeploymentReport report)
    {
        var failed = report.Deploy.Succeeded ? report.Checks.First(c => !c.Passed).Summary : report.Deploy.Summary;
        var rollback = report.Rollback is { } r ? $"; {r.Summary}{(r.Succeeded ? "" : " (the rollback failed too)")}" : "; no rollback is declared";
        return $"Verified, but the deployment of {report.Plan.Commit} failed: {failed}{rollback}.";
    }

    private static DeployInput Input(LoopScope scope, DeployPlan deploy, string commit, string? url, PublishResult? published) =>
        new(scope.Workspace!, deploy, commit, url, scope.Plan.Workspace.SetupCommand, published, scope.Plan.Outputs.Publish);

    private static DeploymentPreview Preview(LoopPlan plan, DeployPlan deploy, string commit, string? url, string branch)
    {
        var what = deploy.IsPublish && plan.Outputs.Publish is { } publish
            ? $"publish {publish.Folder} to {publish.Container}/{publish.Prefix} ({publish.Visibility})"
            : string.Join(' ', deploy.Command ?? []);
        var rollback = deploy.Withdraw ? "withdraw" : deploy.Rollback is { } argv ? string.Join(' ', argv) : null;
        return new DeploymentPreview(what, url, commit, branch, deploy.Checks.Select(c => c.Name).ToList(), rollback);
    }

    private static string Render(string template, LoopScope scope, string commit) => template
        .Replace("{loop}", scope.Plan.Name, StringComparison.Ordinal)
        .Replace("{instance}", Workspace.InstanceKey.For(scope.Context.InstanceId), StringComparison.Ordinal)
        .Replace("{commit}", commit, StringComparison.Ordinal);
}
