namespace LoopFunctions.Loops.Ledger;

/// <summary>What one model cost in one loop's runs, and what it delivered.</summary>
/// <param name="Loop">The loop.</param>
/// <param name="Model">The model; <c>-</c> for iterations recorded before models were.</param>
/// <param name="Runs">Runs in which the model made at least one step.</param>
/// <param name="Iterations">Its steps (each attempt of <c>agent.attempts</c> is one).</param>
/// <param name="Tokens">Tokens its steps spent.</param>
/// <param name="CostUsd">What its steps cost.</param>
/// <param name="Verified">Runs it finished: their verifying iteration ran on it.</param>
public sealed record ModelCost(string Loop, string Model, int Runs, int Iterations, long Tokens, decimal CostUsd, int Verified)
{
    /// <summary>Everything spent on the model divided by the runs it finished: what one verified result on it really
    /// costs, steps that led nowhere included. Null when it finished none.</summary>
    public decimal? CostPerVerifiedRun => Verified == 0 ? null : CostUsd / Verified;

    /// <summary>Some of its steps were unpriced (no price, no reported cost): <see cref="CostUsd"/> counts them as 0,
    /// so reports show "unpriced" instead of an amount that looks complete.</summary>
    public bool Unpriced { get; init; }

    /// <summary>With <c>agent.attempts</c>: its attempts that were not committed (ran, were paid for, and discarded
    /// for a better one or for having nothing to keep). Counted in <see cref="Iterations"/> and <see cref="CostUsd"/>.</summary>
    public int DiscardedAttempts { get; init; }

    /// <summary>What its discarded attempts cost, part of <see cref="CostUsd"/>.</summary>
    public decimal DiscardedCostUsd { get; init; }
}
