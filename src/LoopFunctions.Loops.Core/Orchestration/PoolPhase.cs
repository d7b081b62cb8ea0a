using LoopFunctions.Loops.Budget;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>
/// The run's side of its budget pool (<c>limits.pool</c>): before each agent step (and each spending review) it
/// reserves the call's worst case from the pool's entity and stops the run when the pool cannot hold it; after the
/// step it settles what the step spent; at the run's end it releases whatever the run still holds. A run without a
/// pool calls none of this, so it schedules exactly what it did before pools existed.
/// </summary>
/// <remarks>
/// <para>Replay: a reserve is an entity call (an <c>EventSent</c> and the <c>EventRaised</c> answer, with an id from
/// <c>NewGuid</c>), settles and releases are signals; all deterministic. Signals from one orchestration to one entity
/// arrive in order, so a settle needs no answer and is applied before the release that follows it.</para>
/// <para>Never called from a <c>catch (TaskFailedException)</c> path: after a step failed for good the orchestration
/// schedules nothing (a rewind keeps sent events, and DTFx's replay matches event ids strictly); a failed run's holds
/// are released by the janitor or expire.</para>
/// <para>Item ids are <c>{instance}/{iteration}/{attempt}</c> (<c>{instance}/review</c>, <c>{instance}/recheck</c> for
/// reviews): a retried reserve or settle of one id holds and charges once.</para>
/// </remarks>
internal static class PoolPhase
{
    /// <summary>How often a step whose hold was freed under it (a rewind released the run's holds, the janitor swept a
    /// run it took for dead) reserves again before the run stops <c>BudgetExhausted</c>.</summary>
    public const int MaxReReserves = 3;

    /// <summary>Runs an agent step under its pool hold. A step that finds its hold freed does not run (its result says
    /// <see cref="AgentStepResult.ReservationLost"/>); the step then reserves again as <c>{id}#r2</c> (up to
    /// <see cref="MaxReReserves"/> times) and runs again, so a step never spends unreserved.</summary>
    /// <returns>The step's result and the hold it ran under (null without a pool), or why the run stops.</returns>
    /// <param name="beforeRetry">Run before each new reservation: an attempt of a fan-out passes its check that no
    /// other attempt has failed for good, since nothing may be scheduled after a failure (the rewind rule).</param>
    public static async Task<(AgentStepResult Agent, PoolHold? Hold, BudgetStop? Stop)> CallAgentAsync(LoopScope scope, AgentStepInput input, int iteration, int attempt = 1, Action? beforeRetry = null)
    {
        var hold = scope.Plan.Limits.Pool is { } pool ? new PoolHold(pool, StepId(scope.InstanceId, iteration, attempt)) : null;
        var agent = await scope.Context.CallRunAgentAsync(input with { Reservation = hold });
        for (var again = 1; agent.ReservationLost && hold is not null; again++)
        {
            beforeRetry?.Invoke();
            if (again > MaxReReserves)
            {
                return (agent, hold, new BudgetStop(BudgetLimit.Pool, $"pool '{hold.Pool}': the step's reservation was freed {again} times before it could run"));
            }

            var item = StepItem(scope, iteration, attempt) with { Id = $"{StepId(scope.InstanceId, iteration, attempt)}#r{again + 1}" };
            var result = await ReserveAsync(scope, [item]);
            if (result.Granted < 1)
            {
                return (agent, hold, Stop(scope, result));
            }

            hold = hold with { Id = item.Id };
            agent = await scope.Context.CallRunAgentAsync(input with { Reservation = hold });
        }

        return (agent, hold, null);
    }

    /// <summary>Reserves the next agent step's worst case (with its judges'), before the call.</summary>
    /// <returns>Null when the step may run (or the loop has no pool); else why the run stops.</returns>
    public static async Task<BudgetStop?> ReserveStepAsync(LoopScope scope, int iteration, int attempt = 1)
    {
        if (scope.Plan.Limits.Pool is null)
        {
            return null;
        }

        var result = await ReserveAsync(scope, [StepItem(scope, iteration, attempt)]);
        return result.Granted >= 1 ? null : Stop(scope, result);
    }

    /// <summary>The pool item of one agent step: its worst case plus its judges' (an attempt's at its own agent's prices).</summary>
    public static PoolItem StepItem(LoopScope scope, int iteration, int attempt)
    {
        var agents = scope.Run.AttemptAgents;
        var (tokens, cost) = attempt > 1 && attempt <= agents.Count ? scope.Run.Budget.NextStepWorstCase(agents[attempt - 1]) : scope.Run.Budget.NextStepWorstCase();
        var (judgeTokens, judgeCost) = scope.Run.Budget.JudgeWorstCase();
        return new PoolItem(StepId(scope.InstanceId, iteration, attempt), tokens + judgeTokens, cost + judgeCost);
    }

    /// <summary>Asks the pool for <paramref name="items"/> (the longest prefix it can hold is granted). Only for a
    /// loop with a pool.</summary>
    public static Task<PoolReserveResult> ReserveAsync(LoopScope scope, IReadOnlyList<PoolItem> items) =>
        scope.Context.Entities.CallEntityAsync<PoolReserveResult>(
            PoolEntity.Id(scope.Plan.Limits.Pool!),
            PoolEntity.Reserve,
            new PoolReserveRequest(scope.InstanceId, scope.Plan.Name, items));

    /// <summary>Why the run stops when the pool refused its next step.</summary>
    public static BudgetStop Stop(LoopScope scope, PoolReserveResult result) =>
        new(BudgetLimit.Pool, result.Reason ?? $"pool '{scope.Plan.Limits.Pool}' holds nothing more");

    /// <summary>What an iteration charges its first step's hold: all its spend but what its other attempts' holds
    /// were charged (<see cref="AttemptsPhase"/> settles those).</summary>
    public static TokenSpend FirstStepShare(IterationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var others = record.Attempts.Where(a => a.Index > 1).Aggregate(TokenSpend.Zero, (sum, a) => sum.Add(a.Spend));
        return new TokenSpend(record.Spend.InputTokens - others.InputTokens, record.Spend.OutputTokens - others.OutputTokens, record.Spend.CostUsd - others.CostUsd)
        {
            CachedInputTokens = record.Spend.CachedInputTokens - others.CachedInputTokens,
            Unpriced = record.Spend.Unpriced,
        };
    }

    /// <summary>Charges an agent step's spend (its judges' included) and frees its hold.</summary>
    /// <param name="hold">The hold the step ran under when it had to reserve again; else the step's first id.</param>
    public static Task SettleStepAsync(LoopScope scope, int iteration, TokenSpend spend, int attempt = 1, PoolHold? hold = null) =>
        SettleAsync(scope, hold?.Id ?? StepId(scope.InstanceId, iteration, attempt), spend);

    /// <summary>Reserves a review's worst case before it runs; true when it may run (or the loop has no pool, or the
    /// review spends nothing a pool counts: a command reviewer).</summary>
    /// <param name="name"><c>review</c> or <c>recheck</c>.</param>
    public static async Task<bool> ReserveReviewAsync(LoopScope scope, ReviewPlan review, string name)
    {
        if (scope.Plan.Limits.Pool is null || review.Kind != ReviewKind.Llm)
        {
            return true;
        }

        var cost = review.Cost(LoopBudget.ReviewWorstCaseTokens - ReviewPlan.MaxOutputTokens, ReviewPlan.MaxOutputTokens);
        var result = await ReserveAsync(scope, [new PoolItem($"{scope.InstanceId}/{name}", LoopBudget.ReviewWorstCaseTokens, cost)]);
        return result.Granted >= 1;
    }

    /// <summary>Charges a review's spend and frees its hold.</summary>
    /// <param name="name"><c>review</c> or <c>recheck</c>.</param>
    public static Task SettleReviewAsync(LoopScope scope, ReviewPlan review, string name, TokenSpend spend) =>
        review.Kind == ReviewKind.Llm ? SettleAsync(scope, $"{scope.InstanceId}/{name}", spend) : Task.CompletedTask;

    /// <summary>At a normal end: frees every hold the run still has (a step that never settled, a refused review).</summary>
    public static Task ReleaseRunAsync(LoopScope scope) => scope.Plan.Limits.Pool is { } pool
        ? scope.Context.Entities.SignalEntityAsync(PoolEntity.Id(pool), PoolEntity.Release, new PoolReleaseRequest(RunId: scope.InstanceId))
        : Task.CompletedTask;

    /// <summary>The reservation id of an agent step.</summary>
    public static string StepId(string instanceId, int iteration, int attempt) => $"{instanceId}/{iteration}/{attempt}";

    private static Task SettleAsync(LoopScope scope, string id, TokenSpend spend) => scope.Plan.Limits.Pool is { } pool
        ? scope.Context.Entities.SignalEntityAsync(PoolEntity.Id(pool), PoolEntity.Settle, new PoolSettleRequest(id, scope.InstanceId, scope.Plan.Name, spend.TotalTokens, spend.CostUsd))
        : Task.CompletedTask;
}
