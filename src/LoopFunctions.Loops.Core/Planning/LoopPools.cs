using LoopFunctions.Loops.Budget;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;

namespace LoopFunctions.Loops.Planning;

/// <summary>
/// The check that a loop's <c>limits.pool</c> can hold: the host declares the pool, and the pool's reservations live
/// long enough for the loop's agent step (its <see cref="LoopSteps.StepAttempts"/> attempts at <c>agent.timeout</c>,
/// plus 10 minutes for the checks that follow): a hold that expired while its step ran would let other loops spend
/// what that step is about to charge. <c>LoadPlan</c>, <c>loopfn validate</c> and the preflight of <c>loopfn run</c>
/// and the hosts' starters run it, so an undeclared pool refuses the run before it spends anything.
/// </summary>
public static class LoopPools
{
    /// <summary>What a reservation must outlive besides the agent's attempts.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(10);

    /// <summary>The loop's pool problems, each at <c>limits.pool</c>'s line; empty when it names no pool.</summary>
    /// <param name="definition">The loop.</param>
    /// <param name="declared">The host's pools: a pool's settings by name (ignoring case), or null when it has none.</param>
    public static IReadOnlyList<LoopDefinitionError> Problems(LoopDefinition definition, Func<string, PoolLimits?> declared)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(declared);
        if (definition.Limits.Pool is not { } pool)
        {
            return [];
        }

        var (line, column) = definition.PoolAt;
        if (declared(pool) is not { } limits)
        {
            return [new LoopDefinitionError(definition.SourcePath, line, column,
                $"limits.pool names the budget pool '{pool}', which the host's settings do not declare. Declare it (LoopFunctions:Pools:{pool}:Period, "
                + $":MaxCostUsd and/or :MaxTokens; in the environment LoopFunctions__Pools__{pool}__MaxCostUsd=10), or remove limits.pool.")];
        }

        var needed = (LoopSteps.StepAttempts * definition.Agent.Timeout) + Margin;
        return limits.ReservationTtl < needed
            ? [new LoopDefinitionError(definition.SourcePath, line, column,
                $"the budget pool '{pool}' keeps a reservation {DurationText.Format(limits.ReservationTtl)} (LoopFunctions:Pools:{pool}:ReservationTtl), less than this loop's agent step may take: "
                + $"{LoopSteps.StepAttempts} attempts x agent.timeout {DurationText.Format(definition.Agent.Timeout)} + {DurationText.Format(Margin)} = {DurationText.Format(needed)}. Raise the pool's ReservationTtl or lower agent.timeout.")]
            : [];
    }

    /// <exception cref="LoopDefinitionException">The loop has pool <see cref="Problems"/>.</exception>
    public static void Check(LoopDefinition definition, Func<string, PoolLimits?> declared)
    {
        var problems = Problems(definition, declared);
        if (problems.Count > 0)
        {
            throw new LoopDefinitionException(problems);
        }
    }
}
