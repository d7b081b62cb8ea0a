using System.Runtime.ExceptionServices;
using LoopFunctions.Loops.Governance;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using Microsoft.DurableTask;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>
/// An iteration of <c>agent.attempts</c>: the attempts' agent steps run in parallel, each in its own tree of the run's
/// folder (<c>attempts/&lt;n&gt;/</c>) from the same head; each candidate is guarded and verified as soon as its agent
/// ends; the best by <see cref="AttemptRanking"/> is committed, and every attempt is recorded.
/// </summary>
/// <remarks>
/// <para>Replay: each attempt is one chain (agent, then guard, then verify) that schedules its next step off its own
/// recorded completion, so the fan-out replays to the same actions in the same order, and a run resumed mid fan-out
/// meets its finished attempts' results in the history instead of running them again.</para>
/// <para>Failure: once a step of one attempt has failed for good, no other attempt schedules anything more (the rewind
/// rule of <see cref="LoopOrchestrator"/>: nothing after a failure) and the failure fails the run.</para>
/// </remarks>
internal static class AttemptsPhase
{
    /// <summary>
    /// The seam where the iteration's agent steps are reserved before any of them starts: all
    /// <paramref name="affordable"/> attempts (the run's caps already fit them, <see cref="LoopBudget.AffordableAttempts"/>),
    /// and the iteration runs as many as are granted. Without a budget pool every affordable attempt is granted;
    /// a pool's reservation (one item per attempt) goes here, and a grant of 0 must stop the run
    /// <c>BudgetExhausted</c> before the call, as the pool's own denial does.
    /// </summary>
    /// <returns>How many attempts run, in order; 1 for a loop without <c>agent.attempts</c>.</returns>
    public static Task<int> ReserveAsync(LoopScope scope, RunPosition at, int affordable)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(at);
        return Task.FromResult(Math.Max(1, affordable));
    }

    /// <param name="scope">The run.</param>
    /// <param name="at">Where the run is (the iteration already counted).</param>
    /// <param name="input">The run's input.</param>
    /// <param name="head">The commit every attempt starts from.</param>
    /// <param name="goal">The loop's goal.</param>
    /// <param name="feedback">What the last iteration's verification or guard said.</param>
    /// <param name="headVerdict">The head tree's last verdict (see the single step's rule for unchanged trees).</param>
    /// <param name="count">How many attempts run: the first <paramref name="count"/> of <c>agent.attempts</c>.</param>
    public static async Task<(IterationRecord Record, Delivery? Delivery, RunPosition At)> RunAsync(LoopScope scope, RunPosition at, LoopRunInput input, string head, string goal, string? feedback, VerificationOutcome? headVerdict, int count)
    {
        var (context, plan, iteration) = (scope.Context, scope.Plan, at.Iteration);
        var started = context.CurrentUtcDateTime;
        var agents = scope.Run.AttemptAgents.Take(count).ToList();
        var protect = ProtectedPaths.For(plan).Select(g => g.Pattern).ToList();
        var stop = new FanOutStop();
        scope.Publish(LoopPhase.Agent, at);
        var chains = agents.Select((agent, i) => RunAttemptAsync(scope, at, input, head, goal, feedback, headVerdict, agent, i + 1, protect, stop)).ToList();
        try
        {
            await Task.WhenAll(chains);
        }
        catch (Exception) when (chains.Select(c => c.Exception?.InnerException).OfType<TaskFailedException>().FirstOrDefault() is { } failed)
        {
            // The step that failed for good, not an attempt that stopped because of it.
            ExceptionDispatchInfo.Throw(failed);
        }

        var outcomes = chains.Select(c => c.Result).ToList();
        var records = outcomes.Select(o => o.Record).ToList();
        var winner = AttemptRanking.Winner(records);
        var best = winner ?? AttemptRanking.Order(records)[0];
        var kept = outcomes[best.Index - 1];
        var spend = records.Aggregate(TokenSpend.Zero, (sum, a) => sum.Add(a.Spend));
        string? commit = null;
        Delivery? delivery = null;
        var verification = kept.Verification;
        if (winner is not null)
        {
            (commit, verification, spend, delivery, at) = await CandidateCommit.CommitAsync(scope, at, input, head, kept.Agent.Summary, kept.Guard!, kept.Verification!, spend);
        }

        var attempts = records.Select(r => r with { Committed = winner is not null && r.Index == winner.Index && commit is not null }).ToList();
        var unchanged = records.All(r => r.Verdict == AttemptVerdict.NoCandidate);
        var record = new IterationRecord(iteration, head, kept.Agent.Summary, spend, kept.Guard, verification, commit, started, context.CurrentUtcDateTime, agents[best.Index - 1].Model)
        {
            AgentError = unchanged ? kept.Agent.Error ?? "the agent changed nothing in the workspace" : kept.Agent.Error,
            TreeUnchanged = unchanged,
            DeniedConnections = [.. outcomes.SelectMany(o => o.Agent.DeniedConnections).Distinct(StringComparer.Ordinal)],
            Attempts = attempts,
        };
        return (record, delivery, at);
    }

    /// <summary>One attempt's chain: its agent step, then its guard and verification, each scheduled off the previous
    /// one's recorded result.</summary>
    private static async Task<AttemptOutcome> RunAttemptAsync(LoopScope scope, RunPosition at, LoopRunInput input, string head, string goal, string? feedback, VerificationOutcome? headVerdict, AgentPlan agentPlan, int index, IReadOnlyList<string> protect, FanOutStop stop)
    {
        var (context, plan, workspace, iteration) = (scope.Context, scope.Plan, at.Workspace, at.Iteration);
        var agent = await stop.Watch(context.CallRunAgentAsync(new AgentStepInput(workspace, head, goal, feedback, iteration, agentPlan, input.UntrustedContext, scope.Run.Deadline, protect) { Attempt = index }));
        // A budget pool settles this attempt's reservation here (ReserveAsync reserved one item per attempt).
        scope.Log.AgentDone(plan.Name, context.InstanceId, iteration, $"{agentPlan.Model} (attempt {index})", agent.Spend.TotalTokens, agent.Spend.CostUsd, agent.Error is { } failed ? $" (agent error: {failed})" : "");
        if (agent.TreeUnchanged && headVerdict is { Passed: false })
        {
            return new AttemptOutcome(agent, null, null, Record(index, agentPlan, agent, AttemptVerdict.NoCandidate, null, null));
        }

        stop.ThrowIfStopped();
        var guard = await stop.Watch(context.CallGuardAsync(new GuardInput(workspace, head, plan) { Attempt = index }));
        if (!guard.Allowed)
        {
            return new AttemptOutcome(agent, guard, null, Record(index, agentPlan, agent, AttemptVerdict.GuardRefused, guard, null));
        }

        stop.ThrowIfStopped();
        var verification = await stop.Watch(context.CallVerifyAsync(new VerifyInput(workspace, plan, at.Baseline, guard.Candidate, scope.Run.Deadline) { Attempt = index }));
        var verdict = verification.Passed ? AttemptVerdict.Verified : AttemptVerdict.NotVerified;
        return new AttemptOutcome(agent, guard, verification, Record(index, agentPlan, agent, verdict, guard, verification));
    }

    private static AttemptRecord Record(int index, AgentPlan agentPlan, AgentStepResult agent, AttemptVerdict verdict, GuardOutcome? guard, VerificationOutcome? verification) => new(
        index,
        agentPlan.Model,
        agentPlan.Kind,
        verification is null ? agent.Spend : agent.Spend.Add(verification.Spend),
        verdict,
        verification?.Signal,
        guard is null ? 0 : guard.Insertions + guard.Deletions,
        Committed: false,
        agent.Error);

    /// <summary>What one attempt's chain left.</summary>
    private sealed record AttemptOutcome(AgentStepResult Agent, GuardOutcome? Guard, VerificationOutcome? Verification, AttemptRecord Record);

    /// <summary>Set once a step of any attempt failed for good: the other attempts schedule nothing after it.</summary>
    private sealed class FanOutStop
    {
        private bool _stopped;

        public async Task<T> Watch<T>(Task<T> step)
        {
            try
            {
                return await step;
            }
            catch (TaskFailedException)
            {
                _stopped = true;
                throw;
            }
        }

        public void ThrowIfStopped()
        {
            if (_stopped)
            {
                throw new OperationCanceledException("another attempt of the iteration failed for good");
            }
        }
    }
}
