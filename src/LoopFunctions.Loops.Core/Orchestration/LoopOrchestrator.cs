using LoopFunctions.Loops.Governance;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using Microsoft.DurableTask;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>
/// One loop run as a durable orchestration: prepare the workspace (on a pull request's head, after loading it), record
/// a baseline, review the pull request, then repeat agent -> guard -> verify -> commit (-> push and CI) until verified
/// or a limit is hit; then, after an optional approval, push, open a pull request, publish and deploy; a pull-request
/// loop reports on its pull request at the end.
/// </summary>
/// <remarks>
/// <para>Replay: every side effect is an activity, every decision is made from recorded results and
/// <see cref="TaskOrchestrationContext.CurrentUtcDateTime"/>.</para>
/// <para>Crash safety: each agent step starts by resetting the tree to the iteration's recorded head commit, and each
/// commit carries a unique trailer, so a step retried after a crash starts from the same tree and a commit is never
/// made twice.</para>
/// </remarks>
public sealed class LoopOrchestrator : TaskOrchestrator<LoopRunInput, LoopResult>
{
    public override async Task<LoopResult> RunAsync(TaskOrchestrationContext context, LoopRunInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        // The stored input goes to LoadPlan as it was read, so a run recorded in the earlier shape (a loop file path)
        // replays to the same first action and, resumed, loads the same file.
        var plan = await context.CallActivityAsync<LoopPlan>(LoopActivityNames.LoadPlan, input);
        var scope = new LoopScope(context, plan, new LoopRunState(plan, context.CurrentUtcDateTime));
        var run = scope.Run;
        string? head = null;
        ReviewOutcome? review = null;
        try
        {
            scope.Publish(LoopPhase.Preparing);
            var pr = plan.PullRequest is { } target ? await PullRequestPhase.LoadAsync(scope, target) : null;
            scope.Workspace = await scope.CallAsync<WorkspaceInfo>(LoopActivityNames.PrepareWorkspace, new PrepareWorkspaceInput(scope.Plan.Workspace, context.InstanceId, plan.Name, pr));
            head = scope.Workspace.Head ?? scope.Workspace.BaseCommit;
            scope.Publish(LoopPhase.Baseline);
            scope.Baseline = (await context.CallActivityAsync<VerificationOutcome>(LoopActivityNames.Verify, new VerifyInput(scope.Workspace, scope.Plan, null, Deadline: run.Deadline))).Baseline;
            (var goal, review) = await PullRequestPhase.ReviewAsync(scope, plan.Goal);
            string? feedback = null;
            while (true)
            {
                if (scope.Iteration >= plan.Limits.MaxIterations)
                {
                    return await EndUnverifiedAsync(scope, head, LoopOutcome.MaxIterations, $"{scope.Iteration} iterations ran without passing verification (max_iterations {plan.Limits.MaxIterations}).", review);
                }

                if (run.BudgetExhaustedReason(context.CurrentUtcDateTime) is { } budget)
                {
                    return await EndUnverifiedAsync(scope, head, LoopOutcome.BudgetExhausted, $"Stopped before the next agent call: {budget}.", review);
                }

                scope.Iteration++;
                var (record, delivery) = await RunIterationAsync(scope, input, head, goal, feedback);
                run.Record(record);
                head = record.Commit ?? head;
                switch (delivery?.Status)
                {
                    case DeliveryStatus.HandedOff:
                        return await EndHandedOffAsync(scope, head, delivery, review);
                    case DeliveryStatus.Rejected:
                        return await ReportedAsync(scope, new LoopResult(plan.Name, LoopOutcome.Rejected, $"Verified, but {delivery.Reason}.", run.Iterations, run.Spent, scope.Workspace.Branch, head) { Escalations = run.Escalations }, review, null, null);
                }

                if (record.Verification is { Passed: true })
                {
                    var (result, published) = await VerifiedEnding.EndAsync(scope, head);
                    return await ReportedAsync(scope, result, review, published, delivery is { Status: DeliveryStatus.Delivered } ? delivery.Commit : null);
                }

                feedback = Feedback(record);
                if (run.TryEscalate() is null && run.IsStalled)
                {
                    return await EndUnverifiedAsync(scope, head, LoopOutcome.Stalled, $"The verification signal did not improve for {plan.Limits.StallAfter} iterations.", review);
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
            // A pull-request loop does not report this on its pull request: the report would be a step after the failure.
            scope.Publish(LoopPhase.Done, LoopOutcome.Failed);
            throw;
        }
    }

    private static async Task<(IterationRecord Record, Delivery? Delivery)> RunIterationAsync(LoopScope scope, LoopRunInput input, string head, string goal, string? feedback)
    {
        var (context, plan, workspace, iteration) = (scope.Context, scope.Plan, scope.Workspace!, scope.Iteration);
        var started = context.CurrentUtcDateTime;
        var agentPlan = scope.Run.CurrentAgent;
        scope.Publish(LoopPhase.Agent);
        var protect = ProtectedPaths.For(plan).Select(g => g.Pattern).ToList();
        var agent = await scope.CallAsync<AgentStepResult>(
            LoopActivityNames.RunAgent, new AgentStepInput(workspace, head, goal, feedback, iteration, agentPlan, input.UntrustedContext, scope.Run.Deadline, protect));
        scope.Publish(LoopPhase.Guard);
        var guard = await context.CallActivityAsync<GuardOutcome>(LoopActivityNames.Guard, new GuardInput(workspace, head, plan));
        if (!guard.Allowed)
        {
            // Never verified, never committed: the next agent step resets the tree to head.
            return (new IterationRecord(iteration, head, agent.Summary, agent.Spend, guard, null, null, started, context.CurrentUtcDateTime, agentPlan.Model) { AgentError = agent.Error, DeniedConnections = agent.DeniedConnections }, null);
        }

        scope.Publish(LoopPhase.Verify);
        // The candidate is what is verified and then committed: the agent's tree as the project's git stored it.
        var verification = await context.CallActivityAsync<VerificationOutcome>(LoopActivityNames.Verify, new VerifyInput(workspace, plan, scope.Baseline, guard.Candidate, scope.Run.Deadline));
        scope.Publish(LoopPhase.Commit);
        var message = $"loop {plan.Name}: iteration {iteration}\n\n{agent.Summary}\n\nVerification: {verification.Summary}";
        var commit = await scope.CallAsync<string?>(LoopActivityNames.Commit, new CommitInput(workspace, message, $"{context.InstanceId}/{iteration}", Candidate: guard.Candidate, Head: guard.Candidate is null ? null : head));
        var spend = agent.Spend.Add(verification.Spend);
        Delivery? delivery = null;
        if (verification.Passed && plan.Workspace.OnPullRequestHead && plan.Outputs.Push && commit is not null)
        {
            delivery = await PullRequestPhase.DeliverAsync(scope, commit, verification);
            (commit, verification, spend) = (delivery.Commit, delivery.Verification, spend.Add(delivery.Spend));
        }

        if (verification.Passed && plan.CiWait is not null && delivery?.Status is null or DeliveryStatus.Delivered)
        {
            if (delivery is null)
            {
                scope.Publish(LoopPhase.AwaitingCi);
                await scope.CallAsync<string>(LoopActivityNames.Push, new PushInput(scope.Workspace!, plan.Outputs.Remote, null));
            }

            verification = await CiPhase.WaitAsync(scope, commit ?? head, verification, scope.PullRequest?.Repository ?? input.GitHubRepository);
        }

        var record = new IterationRecord(iteration, head, agent.Summary, spend, guard, verification, commit, started, context.CurrentUtcDateTime, agentPlan.Model) { AgentError = agent.Error, DeniedConnections = agent.DeniedConnections };
        return (record, delivery);
    }

    private static async Task<LoopResult> EndUnverifiedAsync(LoopScope scope, string head, LoopOutcome outcome, string reason, ReviewOutcome? review)
    {
        scope.Publish(LoopPhase.Reporting);
        var handoff = scope.Run.Handoff(outcome, reason);
        var commit = await scope.CallAsync<string?>(
            LoopActivityNames.Commit, new CommitInput(scope.Workspace!, handoff, $"{scope.Context.InstanceId}/handoff", AllowEmpty: true, DiscardChangesSince: head));
        var result = new LoopResult(scope.Plan.Name, outcome, reason, scope.Run.Iterations, scope.Run.Spent, scope.Workspace!.Branch, commit, handoff) { Escalations = scope.Run.Escalations };
        return await ReportedAsync(scope, result, review, null, null);
    }

    private static async Task<LoopResult> EndHandedOffAsync(LoopScope scope, string head, Delivery delivery, ReviewOutcome? review)
    {
        var reason = $"Verified, but not pushed to the pull request: {delivery.Reason}. The verified work is on {delivery.HandOffBranch}.";
        var result = new LoopResult(scope.Plan.Name, LoopOutcome.HandedOff, reason, scope.Run.Iterations, scope.Run.Spent, scope.Workspace!.Branch, head)
        {
            HandOffBranch = delivery.HandOffBranch,
            Escalations = scope.Run.Escalations,
        };
        return await ReportedAsync(scope, result, review, null, delivery.Commit);
    }

    /// <summary>A pull-request loop reports on its pull request (review comment and commit status) however it ended.
    /// A report that cannot be posted does not change how the run ended; its reason says so.</summary>
    private static async Task<LoopResult> ReportedAsync(LoopScope scope, LoopResult result, ReviewOutcome? review, PublishResult? published, string? work)
    {
        // Whatever happens to the report, the webhook must recognise this run's last push as its own.
        result = result with { PushedCommit = scope.PushedCommit };
        try
        {
            result = await PullRequestPhase.ReportAsync(scope, result, review, published, work);
        }
        catch (TaskFailedException ex)
        {
            result = result with { Spent = scope.Run.Spent, Reason = $"{result.Reason} The report to the pull request failed: {ex.FailureDetails.ErrorMessage}" };
        }

        scope.Publish(LoopPhase.Done, result.Outcome);
        return result;
    }

    /// <summary>What the next agent step is told: its own failure first (an agent that changed nothing or was refused
    /// its edits must hear that, not only that the tests still fail), then the guard's or the verification's word.</summary>
    private static string? Feedback(IterationRecord record)
    {
        var checks = record.Verification?.Feedback ?? GuardFeedback(record.Guard);
        return record.AgentError is { } error
            ? $"Your last step failed: {error}.{(checks is null ? "" : "\n\n" + checks)}"
            : checks;
    }

    private static string? GuardFeedback(GuardOutcome? guard) => guard is { Allowed: false }
        ? "Your last change was rejected and undone because it touched paths you may not change:\n- "
          + string.Join("\n- ", guard.Violations) + "\nChange only the code under test; protected files are restored before every check."
        : null;
}
