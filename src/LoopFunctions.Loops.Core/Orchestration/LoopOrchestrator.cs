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
        var log = context.CreateReplaySafeLogger<LoopOrchestrator>();
        // The stored input goes to LoadPlan as it was read, so a run recorded in the earlier shape (a loop file path)
        // replays to the same first action and, resumed, loads the same file.
        var plan = await context.CallLoadPlanAsync(input);
        var startedAt = context.CurrentUtcDateTime;
        log.RunStarted(plan.Name, context.InstanceId, input.TriggeredBy ?? "unknown");
        var scope = new LoopScope(context, plan, new LoopRunState(plan, startedAt), log);
        RunPosition? at = null;
        ReviewOutcome? review = null;
        try
        {
            scope.Publish(LoopPhase.Preparing, at);
            PullRequestInfo? pr = null;
            if (plan.PullRequest is { } target)
            {
                // From here on the run works on the pull request's head branch; nothing has run on the loaded plan yet,
                // so the ledger starts on the plan the run works with.
                (pr, plan) = await PullRequestPhase.LoadAsync(context, plan, target);
                scope = new LoopScope(context, plan, new LoopRunState(plan, startedAt), log);
            }

            var run = scope.Run;
            var workspace = await context.CallPrepareWorkspaceAsync(new PrepareWorkspaceInput(plan.Workspace, context.InstanceId, plan.Name, pr));
            at = new RunPosition(workspace) { PullRequest = pr, RemoteHead = pr?.HeadSha };
            var head = workspace.Head ?? workspace.BaseCommit;
            scope.Publish(LoopPhase.Baseline, at);
            var baseline = await context.CallVerifyAsync(new VerifyInput(workspace, plan, null, Deadline: run.Deadline));
            at = at with { Baseline = baseline.Baseline };
            (var goal, review) = await PullRequestPhase.ReviewAsync(scope, at, plan.Goal);
            string? feedback = null;
            // The last verdict on the head's tree, once known: an iteration that leaves that tree unchanged keeps it. The
            // baseline judged the base commit; a workspace an earlier run of the instance moved on has no verdict yet.
            var headVerdict = head == workspace.BaseCommit ? baseline : null;
            while (true)
            {
                // The run's own limits first; then, with limits.pool, the shared pool must hold the step's worst case.
                if ((run.Budget.StopBeforeNextStep(context.CurrentUtcDateTime) ?? await PoolPhase.ReserveStepAsync(scope, at.Iteration + 1)) is { } stop)
                {
                    log.BudgetStop(plan.Name, context.InstanceId, LoopBudget.Key(stop.Limit), stop.Reason);
                    return await EndUnverifiedAsync(scope, at, head, stop.Outcome, stop.Message, review);
                }

                at = at with { Iteration = at.Iteration + 1 };
                var (record, delivery, next) = await RunIterationAsync(scope, at, input, head, goal, feedback, headVerdict);
                at = next;
                run.Record(record, headVerdict);
                await PoolPhase.SettleStepAsync(scope, record.Number, record.Spend);
                head = record.Commit ?? head;
                LogIteration(scope, record);
                switch (delivery?.Status)
                {
                    case DeliveryStatus.HandedOff:
                        return await EndHandedOffAsync(scope, at, head, delivery, review);
                    case DeliveryStatus.Rejected:
                        return await ReportedAsync(scope, at, new LoopResult(plan.Name, LoopOutcome.Rejected, $"Verified, but {delivery.Reason}.", run.Iterations, run.Spent, at.Workspace.Branch, head) { Escalations = run.Escalations }, review, null, null);
                }

                if (record.Verification is { Passed: true })
                {
                    var (result, published, ended) = await VerifiedEnding.EndAsync(scope, at, head);
                    return await ReportedAsync(scope, ended, result, review, published, delivery is { Status: DeliveryStatus.Delivered } ? delivery.Commit : null);
                }

                feedback = record.TreeUnchanged ? UnchangedFeedback(record, headVerdict!) : Feedback(record);
                headVerdict = record.Verification ?? headVerdict;
                if (run.TryEscalate() is { } escalation)
                {
                    log.Escalated(plan.Name, context.InstanceId, escalation.AfterIteration, escalation.From, escalation.To, escalation.Reason);
                }
                else if (run.IsStalled)
                {
                    return await EndUnverifiedAsync(scope, at, head, LoopOutcome.Stalled, $"The verification signal did not improve for {plan.Limits.StallAfter} iterations.", review);
                }
            }
        }
        catch (TaskFailedException ex)
        {
            // An infrastructure failure (a step that failed after its attempts, a poison step) fails the orchestration,
            // with the step's failure details, so alerts on Failed fire and a rewind runs the failed step again and
            // carries on. Nothing may be scheduled after the failure: a rewind keeps completed tasks and timers, and
            // the rewound replay would meet them before the step it re-runs (so no closing note commit here; the work of
            // every finished iteration is already on the branch).
            // A pull-request loop does not report this on its pull request: the report would be a step after the failure.
            scope.Publish(LoopPhase.Done, at, LoopOutcome.Failed);
            log.RunFailed(plan.Name, context.InstanceId, ex.TaskName, ex.FailureDetails.ErrorMessage);
            throw;
        }
    }

    /// <param name="headVerdict">The last verdict on the head's tree, or null when none is known. An agent that leaves
    /// the tree unchanged skips the checks only when that verdict is a failure: a tree without one is verified as
    /// before, and so is one that passed (only the baseline can have), so a loop whose checks already pass still ends
    /// Verified.</param>
    private static async Task<(IterationRecord Record, Delivery? Delivery, RunPosition At)> RunIterationAsync(LoopScope scope, RunPosition at, LoopRunInput input, string head, string goal, string? feedback, VerificationOutcome? headVerdict)
    {
        var (context, plan, workspace, iteration) = (scope.Context, scope.Plan, at.Workspace, at.Iteration);
        var started = context.CurrentUtcDateTime;
        var agentPlan = scope.Run.CurrentAgent;
        scope.Publish(LoopPhase.Agent, at);
        var protect = ProtectedPaths.For(plan).Select(g => g.Pattern).ToList();
        var agent = await context.CallRunAgentAsync(new AgentStepInput(workspace, head, goal, feedback, iteration, agentPlan, input.UntrustedContext, scope.Run.Deadline, protect));
        scope.Log.AgentDone(plan.Name, context.InstanceId, iteration, agentPlan.Model, agent.Spend.TotalTokens, agent.Spend.CostUsd, agent.Error is { } failed ? $" (agent error: {failed})" : "");
        if (agent.TreeUnchanged && headVerdict is { Passed: false })
        {
            // Decided from a field older recorded results lack: their runs replay to the guard and checks they ran.
            return (new IterationRecord(iteration, head, agent.Summary, agent.Spend, null, null, null, started, context.CurrentUtcDateTime, agentPlan.Model)
            {
                AgentError = agent.Error ?? "the agent changed nothing in the workspace",
                TreeUnchanged = true,
                DeniedConnections = agent.DeniedConnections,
            }, null, at);
        }

        scope.Publish(LoopPhase.Guard, at);
        var guard = await context.CallGuardAsync(new GuardInput(workspace, head, plan));
        if (!guard.Allowed)
        {
            // Never verified, never committed: the next agent step resets the tree to head.
            return (new IterationRecord(iteration, head, agent.Summary, agent.Spend, guard, null, null, started, context.CurrentUtcDateTime, agentPlan.Model) { AgentError = agent.Error, DeniedConnections = agent.DeniedConnections }, null, at);
        }

        scope.Publish(LoopPhase.Verify, at);
        // The candidate is what is verified and then committed: the agent's tree as the project's git stored it.
        var verification = await context.CallVerifyAsync(new VerifyInput(workspace, plan, at.Baseline, guard.Candidate, scope.Run.Deadline));
        scope.Publish(LoopPhase.Commit, at);
        var message = $"loop {plan.Name}: iteration {iteration}\n\n{agent.Summary}\n\nVerification: {verification.Summary}";
        var commit = await context.CallCommitAsync(new CommitInput(workspace, message, $"{context.InstanceId}/{iteration}", Candidate: guard.Candidate, Head: guard.Candidate is null ? null : head));
        var spend = agent.Spend.Add(verification.Spend);
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

        var record = new IterationRecord(iteration, head, agent.Summary, spend, guard, verification, commit, started, context.CurrentUtcDateTime, agentPlan.Model) { AgentError = agent.Error, DeniedConnections = agent.DeniedConnections };
        return (record, delivery, at);
    }

    private static async Task<LoopResult> EndUnverifiedAsync(LoopScope scope, RunPosition at, string head, LoopOutcome outcome, string reason, ReviewOutcome? review)
    {
        scope.Publish(LoopPhase.Reporting, at);
        var note = scope.Run.ClosingNote(outcome, reason);
        var commit = await scope.Context.CallCommitAsync(new CommitInput(at.Workspace, note, $"{scope.InstanceId}/handoff", AllowEmpty: true, DiscardChangesSince: head));
        var result = new LoopResult(scope.Plan.Name, outcome, reason, scope.Run.Iterations, scope.Run.Spent, at.Workspace.Branch, commit, note) { Escalations = scope.Run.Escalations };
        return await ReportedAsync(scope, at, result, review, null, null);
    }

    private static async Task<LoopResult> EndHandedOffAsync(LoopScope scope, RunPosition at, string head, Delivery delivery, ReviewOutcome? review)
    {
        var reason = $"Verified, but not pushed to the pull request: {delivery.Reason}. The verified work is on {delivery.FollowUpBranch}.";
        var result = new LoopResult(scope.Plan.Name, LoopOutcome.HandedOff, reason, scope.Run.Iterations, scope.Run.Spent, at.Workspace.Branch, head)
        {
            FollowUpBranch = delivery.FollowUpBranch,
            Escalations = scope.Run.Escalations,
        };
        return await ReportedAsync(scope, at, result, review, null, delivery.Commit);
    }

    /// <summary>A pull-request loop reports on its pull request (review comment and commit status) however it ended.
    /// A report that cannot be posted does not change how the run ended; its reason says so.</summary>
    private static async Task<LoopResult> ReportedAsync(LoopScope scope, RunPosition at, LoopResult result, ReviewOutcome? review, PublishResult? published, string? work)
    {
        // Whatever happens to the report, the webhook must recognise this run's last push as its own.
        result = result with { PushedCommit = at.PushedCommit };
        try
        {
            result = await PullRequestPhase.ReportAsync(scope, at, result, review, published, work);
        }
        catch (TaskFailedException ex)
        {
            result = result with { Spent = scope.Run.Spent, Reason = $"{result.Reason} The report to the pull request failed: {ex.FailureDetails.ErrorMessage}" };
        }

        await PoolPhase.ReleaseRunAsync(scope);
        scope.Publish(LoopPhase.Done, at, result.Outcome);
        scope.Log.RunEnded(result.Loop, scope.InstanceId, result.Outcome.ToString(), result.Iterations.Count, result.Spent.TotalTokens, result.Spent.CostUsd, result.Reason);
        return result;
    }

    /// <summary>The verdict of an iteration, once it is recorded: verified, not verified, or refused by the guard.</summary>
    private static void LogIteration(LoopScope scope, IterationRecord record)
    {
        if (record.Verification is { } verification)
        {
            if (verification.Passed)
            {
                scope.Log.IterationVerified(scope.Plan.Name, scope.InstanceId, record.Number, verification.Signal, verification.Summary);
            }
            else
            {
                scope.Log.IterationNotVerified(scope.Plan.Name, scope.InstanceId, record.Number, verification.Signal, verification.Summary);
            }
        }
        else if (record.Guard is { Allowed: false } guard)
        {
            scope.Log.IterationRejected(scope.Plan.Name, scope.InstanceId, record.Number, string.Join("; ", guard.Violations));
        }
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

    /// <summary>What the next agent step is told after a step that changed nothing: that, and what the checks said
    /// about the same tree when they last ran on it.</summary>
    private static string UnchangedFeedback(IterationRecord record, VerificationOutcome headVerdict) =>
        $"Your last step failed: {record.AgentError}.\n\nThe workspace is as it was, so the checks were not run again."
        + (headVerdict.Feedback is { Length: > 0 } checks ? "\nWhen they last ran on it they said:\n\n" + checks : "");

    private static string? GuardFeedback(GuardOutcome? guard) => guard is { Allowed: false }
        ? "Your last change was rejected and undone because it touched paths you may not change:\n- "
          + string.Join("\n- ", guard.Violations) + "\nChange only the code under test; protected files are restored before every check."
        : null;
}
