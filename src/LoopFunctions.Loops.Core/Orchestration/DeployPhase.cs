using System.Globalization;
using LoopFunctions.Loops.Definitions;
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
    /// <param name="Report">The deployment's evidence; null when rejected.</param>
    /// <param name="Rejection">The rejection; null when it ran.</param>
    /// <param name="Published">The publish step's result: the deployment's own when it is the built-in publish.</param>
    /// <param name="At">Where the run is after it (an approval is remembered).</param>
    public sealed record Result(DeploymentReport? Report, ApprovalDecision? Rejection, PublishResult? Published, RunPosition At);

    public static async Task<Result> RunAsync(LoopScope scope, RunPosition at, string commit, PublishResult? published)
    {
        var plan = scope.Plan;
        var deploy = plan.Outputs.Deploy!;
        var url = deploy.IsPublish ? deploy.Url is null ? null : Render(deploy.Url, scope, commit) : deploy.Url is { } u ? Render(u, scope, commit) : null;
        var preview = Preview(plan, deploy, commit, url, at.Workspace.Branch);
        if (plan.Governance.NeedsApproval(ApprovalStep.Deploy))
        {
            (var decision, at) = await Approvals.WaitAsync(scope, at, preview);
            if (!decision.Approved)
            {
                return new Result(null, decision, published, at);
            }
        }

        scope.Publish(LoopPhase.Deploying, at, deployment: preview);
        DeployStepResult step;
        if (deploy.IsPublish)
        {
            var input = new PublishInput(at.Workspace, commit, plan.Outputs.Publish!, plan.Name, scope.InstanceId, scope.Run.Iterations[^1].Verification, scope.Run.Spent, scope.Now);
            published = await scope.Context.CallPublishAsync(input);
            scope.Log.Published(plan.Name, scope.InstanceId, published.Uploaded, published.Container, published.Prefix);
            url ??= published.Url;
            step = new DeployStepResult(true, string.Create(CultureInfo.InvariantCulture, $"deploy: published {published.Uploaded} new or changed file(s), {published.Unchanged} unchanged, {published.Deleted} removed, to {published.Container}/{published.Prefix}"), "");
        }
        else
        {
            step = await scope.Context.CallDeployAsync(Input(scope, at, deploy, commit, url, published));
        }

        IReadOnlyList<DeployCheckOutcome> checks = [];
        if (step.Succeeded && deploy.Checks.Count > 0)
        {
            checks = await scope.Context.CallCheckDeploymentAsync(Input(scope, at, deploy, commit, url, published));
        }

        var succeeded = step.Succeeded && checks.All(c => c.Passed);
        DeployStepResult? rollback = null;
        if (!succeeded && (deploy.Rollback is not null || deploy.Withdraw))
        {
            rollback = await scope.Context.CallRollbackDeploymentAsync(Input(scope, at, deploy, commit, url, published));
        }

        scope.Log.Deployed(plan.Name, scope.InstanceId, commit, succeeded);
        return new Result(new DeploymentReport(preview, succeeded, step, checks, rollback), null, published, at);
    }

    /// <summary>The reason a failed deployment gives, with the evidence of the first failure.</summary>
    public static string Failure(DeploymentReport report)
    {
        var failed = report.Deploy.Succeeded ? report.Checks.First(c => !c.Passed).Summary : report.Deploy.Summary;
        var rollback = report.Rollback is { } r ? $"; {r.Summary}{(r.Succeeded ? "" : " (the rollback failed too)")}" : "; no rollback is declared";
        return $"Verified, but the deployment of {report.Plan.Commit} failed: {failed}{rollback}.";
    }

    private static DeployInput Input(LoopScope scope, RunPosition at, DeployPlan deploy, string commit, string? url, PublishResult? published) =>
        new(at.Workspace, deploy, commit, url, scope.Plan.Workspace.SetupCommand, published, scope.Plan.Outputs.Publish);

    private static DeploymentPreview Preview(LoopPlan plan, DeployPlan deploy, string commit, string? url, string branch)
    {
        var what = deploy.IsPublish && plan.Outputs.Publish is { } publish
            ? $"publish {publish.Folder} to {publish.Container}/{publish.Prefix} ({EnumText.Of(publish.Visibility)})"
            : string.Join(' ', deploy.Command ?? []);
        var rollback = deploy.Withdraw ? "withdraw" : deploy.Rollback is { } argv ? string.Join(' ', argv) : null;
        return new DeploymentPreview(what, url, commit, branch, deploy.Checks.Select(c => c.Name).ToList(), rollback);
    }

    private static string Render(string template, LoopScope scope, string commit) => template
        .Replace("{loop}", scope.Plan.Name, StringComparison.Ordinal)
        .Replace("{instance}", Workspace.InstanceKey.For(scope.InstanceId), StringComparison.Ordinal)
        .Replace("{commit}", commit, StringComparison.Ordinal);
}
