namespace LoopFunctions.Loops.Orchestration;

/// <summary>Why the next agent step must not run: the limit, and the words the run's result and closing note give.</summary>
/// <param name="Limit">The limit that stops the run.</param>
/// <param name="Reason">The numbers, as the loop file wrote the limit (<c>cost budget: $0.03 spent + up to ...</c>).</param>
internal sealed record BudgetStop(BudgetLimit Limit, string Reason)
{
    /// <summary>How the run ends: <see cref="LoopOutcome.MaxIterations"/> for the iteration limit, else
    /// <see cref="LoopOutcome.BudgetExhausted"/>.</summary>
    public LoopOutcome Outcome => Limit == BudgetLimit.Iterations ? LoopOutcome.MaxIterations : LoopOutcome.BudgetExhausted;

    /// <summary>The result's reason.</summary>
    public string Message => Limit == BudgetLimit.Iterations ? Reason : $"Stopped before the next agent call: {Reason}.";
}
