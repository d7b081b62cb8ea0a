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

    [Fact]
    public void Table_ALoopWithAnUnpricedRun_ShowsUnpricedInsteadOfAnAmount()
    {
        var priced = new LoopResult("fix", LoopOutcome.Verified, "ok", [], new TokenSpend(100, 50, 0.5m), "b", "c");
        var unpriced = new LoopResult("fix", LoopOutcome.Verified, "ok", [], new TokenSpend(100, 50, 0m) { Unpriced = true }, "b", "c");
        var local = new LoopResult("local", LoopOutcome.Stalled, "no", [], new TokenSpend(10, 5, 0m) { Unpriced = true }, "b", "c");

        var rows = CostReport.Summarise([CostReport.Run.From(priced), CostReport.Run.From(unpriced), CostReport.Run.From(local)]);
        var table = CostReport.Table(rows);

        Assert.Equal([("fix", true), ("local", true)], rows.Select(r => (r.Loop, r.Unpriced)));
        Assert.Matches(@"fix\s+2\s+100 %\s+0\s+300\s+\$0\.5000 \+ unpriced\s+unpriced", table);
        Assert.Matches(@"local\s+1\s+0 %\s+0\s+15\s+unpriced\s+-", table);
    }

    [Fact]
    public void ModelTable_UnpricedModel_ShowsUnpriced()
    {
        var table = CostReport.ModelTable([new Loops.Ledger.ModelCost("fix", "local", 1, 2, 300, 0m, 1) { Unpriced = true }, new Loops.Ledger.ModelCost("fix", "gpt-5", 1, 1, 30, 0.25m, 1)]);

        Assert.Matches(@"fix\s+local\s+1\s+2\s+300\s+unpriced\s+1\s+unpriced", table);
        Assert.Matches(@"fix\s+gpt-5\s+1\s+1\s+30\s+\$0\.2500\s+1\s+\$0\.2500", table);
    }

    [Fact]
    public void ModelTable_LoopWithDiscardedAttempts_SaysWhatTheyCost()
    {
        var table = CostReport.ModelTable([new Loops.Ledger.ModelCost("fix", "gpt-5", 2, 6, 900, 0.60m, 1) { DiscardedAttempts = 4, DiscardedCostUsd = 0.40m }]);

        Assert.Contains("fix on gpt-5: 4 discarded attempt(s), $0.4000 of its cost", table, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelTable_NoAttempts_NoDiscardedLine()
    {
        var table = CostReport.ModelTable([new Loops.Ledger.ModelCost("fix", "gpt-5", 1, 1, 30, 0.25m, 1)]);

        Assert.DoesNotContain("discarded", table, StringComparison.Ordinal);
    }
}
