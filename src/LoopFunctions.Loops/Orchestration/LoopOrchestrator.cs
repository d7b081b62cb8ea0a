using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using Microsoft.DurableTask;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>
/// One loop run as a durable orchestration: prepare the workspace, record a baseline, then repeat
/// agent -> guard -> verify -> commit until verified or a limit is hit; then, after an optional approval, push, open
/// a pull request and publish.
/// </summary>
/// <remarks>
/// <para>Replay: every side effect is an activity, every decision is made from recorded results and
/// <see cref="TaskOrchestrationContext.CurrentUtcDateTime"/>.</para>
/// <para>Crash safety: each agent step starts by resetting the tree to the iteration's recorded head commit, and each
/// commit carries a unique trailer, so a step retried after a crash starts from the same tree and a commit is never
/// made twice.</para>
/// </remarks>
public sealed class LoopOrchestrator : TaskOrchestrator<LoopRunRequest, LoopResult>
{
    // Up to 3 attempts, one straight after the other: a durable timer between attempts would stay in the history when
    // the failed attempts are rewound away (DTFx's rewind drops failed tasks only), and the rewound replay would then
    // meet a timer the code has not created yet. Steps that call networks back off inside (the model client retries
    // 429/5xx with its own delays). A step rejected for a reason retrying cannot change (impossible usage, no sandbox,
    // a workspace of another loop) fails at once.
    private const int StepAttempts = 3;

    private static readonly TaskOptions StepRetry = TaskOptions.FromRetryHandler(retry =>
        retry.LastAttemptNumber < StepAttempts && !retry.LastFailure.IsCausedBy<Errors.StepRejectedException>());

    public override async Task<LoopResult> RunAsync(TaskOrchestrationContext context, LoopRunRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var plan = await context.CallActivityAsync<LoopPlan>(LoopActivityNames.LoadPlan, input);
        var run = new LoopRunState(plan, context.CurrentUtcDateTime);
        var iteration = 0;
        WorkspaceInfo? workspace = null;
        string? head = null;
        void Publish(LoopPhase phase, LoopOutcome? outcome = null) =>
            context.SetCustomStatus(run.Status(iteration, phase, context.CurrentUtcDateTime, outcome));

        try
        {
            Publish(LoopPhase.Preparing);
            workspace = await context.CallActivityAsync<WorkspaceInfo>(LoopActivityNames.PrepareWorkspace, new PrepareWorkspaceInput(plan.Workspace, context.InstanceId, plan.Name), StepRetry);
            head = workspace.Head ?? workspace.BaseCommit;
            Publish(LoopPhase.Baseline);
            var baseline = await context.CallActivityAsync<VerificationOutcome>(LoopActivityNames.Verify, new VerifyInput(workspace, plan, null, Deadline: run.Deadline));
            string? feedback = null;
            while (true)
            {
                if (iteration >= plan.Limits.MaxIterations)
                {
                    return await EndUnverifiedAsync(context, plan, run, workspace, head!, LoopOutcome.MaxIterations, $"{iteration} iterations ran without passing verification (max_iterations {plan.Limits.MaxIterations}).", Publish);
                }

                if (run.BudgetExhaustedReason(context.CurrentUtcDateTime) is { } budget)
                {
                    return await EndUnverifiedAsync(context, plan, run, workspace, head!, LoopOutcome.BudgetExhausted, $"Stopped before the next agent call: {budget}.", Publish);
                }

                iteration++;
                var (record, passed) = await RunIterationAsync(context, plan, input, workspace, head!, iteration, feedback, baseline.Baseline, run.Deadline, Publish);
                run.Record(record);
                head = record.Commit ?? head;
                if (passed)
                {
                    return await EndVerifiedAsync(context, plan, run, workspace, head!, Publish);
                }

                feedback = record.Verification?.Feedback ?? GuardFeedback(record.Guard);
                if (run.IsStalled)
                {
                    return await EndUnverifiedAsync(context, plan, run, workspace, head!, LoopOutcome.Stalled, $"The verification signal did not improve for {plan.Limits.StallAfter} iterations.", Publish);
                }
            }
        }
        catch (TaskFailedException)
        {
            // An infrastructure failure (a step that failed after its attempts, a poison step) fails the orchestration,
            // with the step's failure details, so alerts on Failed fire and a rewind runs the failed step again and
            // carries on. Nothing may be scheduled after the failure: a rewind keeps completed tasks and timers, and
            // the rewound replay would meet them before the step it re-runs (so no hand-off commit here; the work of
            // every finished iteration is already on the branch).
            Publish(LoopPhase.Done, LoopOutcome.Failed);
            throw;
        }
    }

    private static async Task<(IterationRecord Record, bool Passed)> RunIterationAsync(
        TaskOrchestrationContext context, LoopPlan plan, LoopRunRequest input, WorkspaceInfo workspace, string head, int iteration, string? feedback, string? baseline, DateTime? deadline, Action<LoopPhase, LoopOutcome?> publish)
    {
        var started = context.CurrentUtcDateTime;
        publish(LoopPhase.Agent, null);
        var protect = ProtectedPaths.For(plan).Select(g => g.Pattern).ToList();
        var agent = await context.CallActivityAsync<AgentStepResult>(
            LoopActivityNames.RunAgent, new AgentStepInput(workspace, head, plan.Goal, feedback, iteration, plan.Agent, input.UntrustedContext, deadline, protect), StepRetry);
        publish(LoopPhase.Guard, null);
        var guard = await context.CallActivityAsync<GuardOutcome>(LoopActivityNames.Guard, new GuardInput(workspace, head, plan));
        if (!guard.Allowed)
        {
            // Never verified, never committed: the next agent step resets the tree to head.
            return (new IterationRecord(iteration, head, agent.Summary, agent.Spend, guard, null, null, started, context.CurrentUtcDateTime), false);
        }

        publish(LoopPhase.Verify, null);
        // The candidate is what is verified and then committed: the agent's tree as the project's git stored it.
        var verification = await context.CallActivityAsync<VerificationOutcome>(LoopActivityNames.Verify, new VerifyInput(workspace, plan, baseline, guard.Candidate, deadline));
        publish(LoopPhase.Commit, null);
        var message = $"loop {plan.Name}: iteration {iteration}\n\n{agent.Summary}\n\nVerification: {verification.Summary}";
        var commit = await context.CallActivityAsync<string?>(LoopActivityNames.Commit, new CommitInput(workspace, message, $"{context.InstanceId}/{iteration}", Candidate: guard.Candidate, Head: guard.Candidate is null ? null : head), StepRetry);
        if (verification.Passed && plan.CiWait is { } ciWait)
        {
            verification = await WaitForCiAsync(context, plan, workspace, ciWait, verification, publish);
        }

        var record = new IterationRecord(iteration, head, agent.Summary, agent.Spend.Add(verification.Spend), guard, verification, commit, started, context.CurrentUtcDateTime);
        return (record, verification.Passed);
    }

    private static async Task<LoopResult> EndVerifiedAsync(TaskOrchestrationContext context, LoopPlan plan, LoopRunState run, WorkspaceInfo workspace, string head, Action<LoopPhase, LoopOutcome?> publish)
    {
        // One approval covers every listed step of the run: a person approves the outputs once.
        var approved = false;
        string? pushedTo = null;
        if (plan.Outputs.Push)
        {
            if (plan.Governance.NeedsApproval("push") || plan.Governance.NeedsApproval("pr"))
            {
                publish(LoopPhase.AwaitingApproval, null);
                var decision = await WaitForApprovalAsync(context, plan.Governance.ApprovalTimeout);
                if (!decision.Approved)
                {
                    publish(LoopPhase.Done, LoopOutcome.Rejected);
                    return new LoopResult(plan.Name, LoopOutcome.Rejected, $"Verified, but the push was rejected{(decision.By is null ? "" : " by " + decision.By)}: {decision.Comment ?? "no comment"}.", run.Iterations, run.Spent, workspace.Branch, head);
                }

                approved = true;
            }

            publish(LoopPhase.Publishing, null);
            var squash = plan.Outputs.CommitMode == "on_success" ? $"loop {plan.Name}: {FirstLine(plan.Goal)}" : null;
            pushedTo = await context.CallActivityAsync<string>(LoopActivityNames.Push, new PushInput(workspace, plan.Outputs.Remote, squash), StepRetry);
        }

        string? pullRequest = null;
        if (pushedTo is not null && plan.Outputs.PullRequestTitle is { } title)
        {
            var summary = string.Join('\n', run.Iterations.Select(i => $"- iteration {i.Number}: {FirstLine(i.AgentSummary)}"));
            var body = Render(plan.Outputs.PullRequestBody ?? "Opened by loop {loop} after {iterations} iteration(s); {cost} spent.\n\n{summary}\n\nVerification: {verification}", plan, run, summary);
            pullRequest = await context.CallActivityAsync<string>(LoopActivityNames.PullRequest, new PullRequestInput(workspace, plan.Outputs.Remote, plan.Workspace.BaseBranch, Render(title, plan, run, summary), body), StepRetry);
        }

        string? publishedUrl = null;
        if (plan.Outputs.Publish is { } target)
        {
            if (!approved && plan.Governance.NeedsApproval("publish"))
            {
                publish(LoopPhase.AwaitingApproval, null);
                var decision = await WaitForApprovalAsync(context, plan.Governance.ApprovalTimeout);
                if (!decision.Approved)
                {
                    publish(LoopPhase.Done, LoopOutcome.Rejected);
                    return new LoopResult(plan.Name, LoopOutcome.Rejected, $"Verified, but publishing was rejected{(decision.By is null ? "" : " by " + decision.By)}: {decision.Comment ?? "no comment"}.", run.Iterations, run.Spent, workspace.Branch, head, PushedTo: pushedTo, PullRequestUrl: pullRequest);
                }
            }

            publish(LoopPhase.Publishing, null);
            var input = new PublishInput(workspace, head, target, plan.Name, context.InstanceId, run.Iterations[^1].Verification, run.Spent, context.CurrentUtcDateTime);
            publishedUrl = (await context.CallActivityAsync<PublishResult>(LoopActivityNames.Publish, input, StepRetry)).Url;
        }

        publish(LoopPhase.Done, LoopOutcome.Verified);
        var reason = $"Verified after {run.Iterations.Count} iteration(s): {run.LastVerification}{(plan.Outputs.Publish is { } published ? $"; published to {published.Container}/{published.Prefix}" : "")}";
        return new LoopResult(plan.Name, LoopOutcome.Verified, reason, run.Iterations, run.Spent, workspace.Branch, head, PushedTo: pushedTo, PullRequestUrl: pullRequest, PublishedUrl: publishedUrl);
    }

    private static async Task<LoopResult> EndUnverifiedAsync(TaskOrchestrationContext context, LoopPlan plan, LoopRunState run, WorkspaceInfo workspace, string head, LoopOutcome outcome, string reason, Action<LoopPhase, LoopOutcome?> publish)
    {
        publish(LoopPhase.Reporting, null);
        var handoff = run.Handoff(outcome, reason);
        var commit = await context.CallActivityAsync<string?>(
            LoopActivityNames.Commit, new CommitInput(workspace, handoff, $"{context.InstanceId}/handoff", AllowEmpty: true, DiscardChangesSince: head), StepRetry);
        publish(LoopPhase.Done, outcome);
        return new LoopResult(plan.Name, outcome, reason, run.Iterations, run.Spent, workspace.Branch, commit, handoff);
    }

    /// <summary>Pushes the branch and waits for the CI result event; a failure or silence makes the iteration fail
    /// with CI's words as the agent's feedback.</summary>
    private static async Task<VerificationOutcome> WaitForCiAsync(
        TaskOrchestrationContext context, LoopPlan plan, WorkspaceInfo workspace, TimeSpan timeout, VerificationOutcome local, Action<LoopPhase, LoopOutcome?> publish)
    {
        publish(LoopPhase.AwaitingCi, null);
        await context.CallActivityAsync<string>(LoopActivityNames.Push, new PushInput(workspace, plan.Outputs.Remote, null), StepRetry);
        CiResult ci;
        try
        {
            ci = await context.WaitForExternalEvent<CiResult>(LoopActivityNames.CiEvent, timeout);
        }
        catch (TaskCanceledException)
        {
            ci = new CiResult(false, $"no CI result arrived within {timeout:g}");
        }

        return ci.Passed
            ? local with { Summary = $"{local.Summary}; CI passed" }
            : local with
            {
                Passed = false,
                Summary = $"{local.Summary}; CI failed: {ci.Summary}",
                Feedback = $"The local checks passed, but CI failed: {ci.Summary}{(ci.Url is null ? "" : " (" + ci.Url + ")")}",
                Signal = local.Signal + 1,
            };
    }

    private static async Task<ApprovalDecision> WaitForApprovalAsync(TaskOrchestrationContext context, TimeSpan timeout)
    {
        try
        {
            return await context.WaitForExternalEvent<ApprovalDecision>(LoopActivityNames.ApprovalEvent, timeout);
        }
        catch (TaskCanceledException)
        {
            return new ApprovalDecision(false, $"no approval within {Definitions.DurationText.Format(timeout)}");
        }
    }

    private static string? GuardFeedback(GuardOutcome? guard) => guard is { Allowed: false }
        ? "Your last change was rejected and undone because it touched paths you may not change:\n- "
          + string.Join("\n- ", guard.Violations) + "\nChange only the code under test; protected files are restored before every check."
        : null;

    /// <summary>Fills a title or body template: {loop}, {branch}, {iterations}, {tokens}, {cost}, {verification}, {summary}.</summary>
    private static string Render(string template, LoopPlan plan, LoopRunState run, string summary) => template
        .Replace("{loop}", plan.Name, StringComparison.Ordinal)
        .Replace("{branch}", plan.Workspace.WorkBranch, StringComparison.Ordinal)
        .Replace("{iterations}", run.Iterations.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{tokens}", run.Spent.TotalTokens.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{cost}", run.Spent.CostUsd.ToString("$0.00##", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{verification}", run.LastVerification ?? "", StringComparison.Ordinal)
        .Replace("{summary}", summary, StringComparison.Ordinal);

    private static string FirstLine(string text) => text.Trim().Split('\n', 2)[0].Trim().TrimStart('#', ' ');
}
