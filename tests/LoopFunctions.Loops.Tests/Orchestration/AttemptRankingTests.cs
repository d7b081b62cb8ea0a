using LoopFunctions.Loops.Orchestration;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary>The documented order of attempts: verified, then signal, then diff, then cost, then index; refused and
/// candidate-less attempts last.</summary>
public sealed class AttemptRankingTests
{
    [Fact]
    public void Order_VerifiedAttemptWithWorseEverythingElse_RanksFirst()
    {
        var attempts = new[]
        {
            Attempt(1, AttemptVerdict.NotVerified, signal: 0, diff: 1, cost: 0.01m),
            Attempt(2, AttemptVerdict.Verified, signal: 2, diff: 90, cost: 0.90m),
        };

        Assert.Equal([2, 1], Indexes(AttemptRanking.Order(attempts)));
    }

    [Fact]
    public void Order_SameVerdict_LowerSignalThenSmallerDiffThenLowerCostThenLowerIndex()
    {
        var attempts = new[]
        {
            Attempt(1, AttemptVerdict.NotVerified, signal: 3, diff: 1, cost: 0.01m),
            Attempt(2, AttemptVerdict.NotVerified, signal: 1, diff: 9, cost: 0.20m),
            Attempt(3, AttemptVerdict.NotVerified, signal: 1, diff: 4, cost: 0.30m),
            Attempt(4, AttemptVerdict.NotVerified, signal: 1, diff: 4, cost: 0.10m),
            Attempt(5, AttemptVerdict.NotVerified, signal: 1, diff: 4, cost: 0.10m),
        };

        Assert.Equal([4, 5, 3, 2, 1], Indexes(AttemptRanking.Order(attempts)));
    }

    [Fact]
    public void Order_GuardRefusedAndNoCandidate_RankLastEvenWithSmallDiffs()
    {
        var attempts = new[]
        {
            Attempt(1, AttemptVerdict.GuardRefused, signal: null, diff: 1, cost: 0m),
            Attempt(2, AttemptVerdict.NoCandidate, signal: null, diff: 0, cost: 0m),
            Attempt(3, AttemptVerdict.NotVerified, signal: 7, diff: 50, cost: 1m),
        };

        Assert.Equal([3, 2, 1], Indexes(AttemptRanking.Order(attempts)));
        Assert.Equal(3, AttemptRanking.Winner(attempts)!.Index);
    }

    [Fact]
    public void Winner_NoAttemptLeftACandidate_IsNull()
    {
        var attempts = new[]
        {
            Attempt(1, AttemptVerdict.GuardRefused, signal: null, diff: 3, cost: 0m),
            Attempt(2, AttemptVerdict.NoCandidate, signal: null, diff: 0, cost: 0m),
        };

        Assert.Null(AttemptRanking.Winner(attempts));
        Assert.False(AttemptRanking.HasCandidate(attempts[0]));
    }

    private static AttemptRecord Attempt(int index, AttemptVerdict verdict, double? signal, int diff, decimal cost) =>
        new(index, "m", "command", new TokenSpend(10, 10, cost), verdict, signal, diff, Committed: false);

    private static int[] Indexes(IEnumerable<AttemptRecord> attempts) => [.. attempts.Select(a => a.Index)];
}
