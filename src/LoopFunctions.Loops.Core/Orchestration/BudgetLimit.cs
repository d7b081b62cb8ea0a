namespace LoopFunctions.Loops.Orchestration;

/// <summary>The limit of <c>limits:</c> that stops a run before its next agent step.</summary>
internal enum BudgetLimit
{
    /// <summary><c>max_iterations</c>: that many iterations ran.</summary>
    Iterations,

    /// <summary><c>max_tokens</c>: spent plus the next step's worst case would pass it.</summary>
    Tokens,

    /// <summary><c>max_cost_usd</c>: spent plus the next step's worst case would pass it.</summary>
    Cost,

    /// <summary><c>max_duration</c>: the run's time is up.</summary>
    Time,

    /// <summary><c>limits.pool</c>: the shared budget pool cannot hold the next step's worst case.</summary>
    Pool,
}
