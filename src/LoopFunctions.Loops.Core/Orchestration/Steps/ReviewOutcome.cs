namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>What a review found (the first review) or which findings are fixed (the recheck).</summary>
/// <param name="Findings">The findings, numbered; for a recheck, the findings still open.</param>
/// <param name="Summary">One line.</param>
/// <param name="Spend">What the reviewer's model spent.</param>
/// <param name="Omitted">Findings beyond <c>review.max_findings</c>, counted but not listed.</param>
/// <param name="Fixed">Recheck: the numbers of the findings the loop fixed.</param>
public sealed record ReviewOutcome(IReadOnlyList<ReviewFinding> Findings, string Summary, TokenSpend Spend, int Omitted = 0, IReadOnlyList<int>? Fixed = null);
