namespace LoopFunctions.Loops.Plans;

/// <summary>One move up a loop's model ladder (<c>agent.models</c>).</summary>
/// <param name="AfterIteration">The last iteration on <paramref name="From"/>.</param>
/// <param name="From">The model given up on.</param>
/// <param name="To">The next model.</param>
/// <param name="Reason">Why: no improvement for N iterations, or a share of a budget spent.</param>
public sealed record Escalation(int AfterIteration, string From, string To, string Reason);
