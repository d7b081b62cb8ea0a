namespace LoopFunctions.Loops.Judge;

/// <summary>What the judge said: a score from 0 to 1, its reasons, whether that passes, and what it cost.</summary>
public sealed record JudgeVerdict(double Score, string Reasons, bool Passed, long InputTokens, long OutputTokens);
