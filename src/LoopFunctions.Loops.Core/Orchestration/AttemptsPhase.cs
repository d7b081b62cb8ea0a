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
    /// Reserves the iteration's agent steps before any of them starts: of the <paramref name="affordable"/> attempts
    /// (the run's caps already fit them, <see cref="LoopBudget.AffordableAttempts"/>), the first was reserved with the
    /// step (<see cref="PoolPhase.ReserveStepAsync"/>, whose denial stops the run); with <c>limits.pool</c> the others are
    /// asked of the pool here, one item each at its own agent's worst case, and the iteration runs the granted prefix.
    /// </summary>
    /// <returns>How many attempts run, in order; 1 for a loop without <c>agent.attempts</c>.</returns>
    public static async Task<int> ReserveAsync(LoopScope scope, RunPosition at, int affordable)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(at);
        var count = Math.Max(1, affordable);
        if (scope.Plan.Limits.Pool is null || count == 1)
        {
            return count;
        }

        var items = Enumerable.Range(2, count - 1).Select(attempt => PoolPhase.StepItem(scope, at.Iteration, attempt)).ToList();
        var granted = await PoolPhase.ReserveAsync(scope, items);
        return 1 + granted.Granted;
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

        // With a pool each attempt past the first settles its own hold; the first's hold is charged the rest of the
        // iteration's spend by the loop (PoolPhase.FirstStepShare), re-verification on delivery included.
        foreach (var (outcome, attempt) in outcomes.Zip(attempts).Skip(1))
        {
            if (outcome.Hold is { } hold)
            {
                await PoolPhase.SettleStepAsync(scope, iteration, attempt.Spend, attempt.Index, hold);
            }
        }

        at = at with { PoolHold = outcomes[0].Hold };
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
        var (agent, hold, poolStop) = await stop.Watch(PoolPhase.CallAgentAsync(scope, new AgentStepInput(workspace, head, goal, feedback, iteration, agentPlan, input.UntrustedContext, scope.Run.Deadline, protect) { Attempt = index }, iteration, index, stop.ThrowIfStopped));
        if (poolStop is not null)
        {
            // Its hold was freed under it and the pool would not hold it again: this attempt has no candidate, the others go on.
            return new AttemptOutcome(agent, null, null, Record(index, agentPlan, agent with { Error = poolStop.Reason }, AttemptVerdict.NoCandidate, null, null), hold);
        }

        scope.Log.AgentDone(plan.Name, context.InstanceId, iteration, $"{agentPlan.Model} (attempt {index})", agent.Spend.TotalTokens, agent.Spend.CostUsd, agent.Error is { } failed ? $" (agent error: {failed})" : "");
        if (agent.TreeUnchanged && headVerdict is { Passed: false })
        {
            return new AttemptOutcome(agent, null, null, Record(index, agentPlan, agent, AttemptVerdict.NoCandidate, null, null), hold);
        }

        stop.ThrowIfStopped();
        var guard = await stop.Watch(context.CallGuardAsync(new GuardInput(workspace, head, plan) { Attempt = index }));
        if (!guard.Allowed)
        {
            return new AttemptOutcome(agent, guard, null, Record(index, agentPlan, agent, AttemptVerdict.GuardRefused, guard, null), hold);
        }

        stop.ThrowIfStopped();
        var verification = await stop.Watch(context.CallVerifyAsync(new VerifyInput(workspace, plan, at.Baseline, guard.Candidate, scope.Run.Deadline) { Attempt = index }));
        var verdict = verification.Passed ? AttemptVerdict.Verified : AttemptVerdict.NotVerified;
        return new AttemptOutcome(agent, guard, verification, Record(index, agentPlan, agent, verdict, guard, verification), hold);
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
    private sealed record AttemptOutcome(AgentStepResult Agent, GuardOutcome? Guard, VerificationOutcome? Verification, AttemptRecord Record, Budget.PoolHold? Hold);

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
