using LoopFunctions.Loops.Orchestration;

namespace LoopFunctions.Cli.Tests;

public sealed class CostReportTests
{
    [Fact]
    public void Summarise_FailedRunFromItsCustomStatus_CountsItsRunIterationsAndSpend()
    {
        var verified = new LoopResult("fix", LoopOutcome.Verified, "ok", [], new TokenSpend(100, 50, 0.5m), "loop/fix/1", "abc");
        var failed = new LoopStatus("fix", 2, LoopPhase.Done, null, new TokenSpend(300, 100, 1.5m), new BudgetLeft(1, null, null, null), "loop/fix/2", LoopOutcome.Failed);

        var row = Assert.Single(CostReport.Summarise([CostReport.Run.From(verified), CostReport.Run.Failed(failed)]));

        Assert.Equal(("fix", 2, 1, 2, 550L, 2.0m), (row.Loop, row.Runs, row.Verified, row.Iterations, row.Tokens, row.CostUsd));
        Assert.Equal(2.0m, row.CostPerVerifiedRun);
    }
}
