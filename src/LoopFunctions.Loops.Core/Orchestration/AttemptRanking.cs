namespace LoopFunctions.Loops.Orchestration;

/// <summary>
/// Which attempt of an iteration is kept, by one documented order (docs/loop-reference.md, <c>agent.attempts</c>):
/// <list type="number">
/// <item>verified attempts first, then attempts whose candidate was verified and failed; attempts the guard refused
/// and attempts that left no candidate come last;</item>
/// <item>then the lower verification signal;</item>
/// <item>then the smaller diff (insertions plus deletions);</item>
/// <item>then the lower cost;</item>
/// <item>then the lower index (the order of <c>agent.attempts</c>).</item>
/// </list>
/// Pure: it reads recorded results only, so a replay ranks the same way.
/// </summary>
public static class AttemptRanking
{
    /// <summary><paramref name="attempts"/> best first.</summary>
    public static IReadOnlyList<AttemptRecord> Order(IEnumerable<AttemptRecord> attempts)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        return attempts
            .OrderBy(Tier)
            .ThenBy(a => a.Signal ?? double.MaxValue)
            .ThenBy(a => a.DiffLines)
            .ThenBy(a => a.Spend.CostUsd)
            .ThenBy(a => a.Index)
            .ToList();
    }

    /// <summary>The attempt whose candidate the iteration commits: the best ranked one that has a candidate the guard
    /// allowed (verified or not, as an iteration of one step commits it); null when none has.</summary>
    public static AttemptRecord? Winner(IEnumerable<AttemptRecord> attempts) =>
        Order(attempts).FirstOrDefault(HasCandidate);

    /// <summary>Whether the attempt left a candidate the guard allowed, which was verified.</summary>
    public static bool HasCandidate(AttemptRecord attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return Tier(attempt) < 2;
    }

    private static int Tier(AttemptRecord attempt) => attempt.Verdict switch
    {
        AttemptVerdict.Verified => 0,
        AttemptVerdict.NotVerified => 1,
        _ => 2,
    };
}
