using LoopFunctions.Loops.Orchestration;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary>An agent step that leaves the tree as it found it: the orchestrator (real engine, scripted steps) neither
/// guards, verifies nor commits that tree again, records why, and tells the next step.</summary>
public sealed class UnchangedTreeLoopFlowTests
{
    [Fact]
    public async Task RunAsync_FirstAgentChangesNothing_IterationSkipsGuardVerifyAndCommit()
    {
        var steps = new FakeLoopSteps { Plan = FakeLoopSteps.DefaultPlan(), Script = [(100, false, 3), (120, true, 0)], UnchangedTrees = [1] };

        var (result, status) = await LoopOrchestratorTests.RunAsync(steps);

        Assert.Equal(LoopOutcome.Verified, result.Outcome);
        Assert.Equal(["verify 0", "guard 2", "verify 2"], steps.Checked);
        Assert.Equal(["run-1/2"], steps.Commits);
        var skipped = result.Iterations[0];
        Assert.True(skipped.TreeUnchanged);
        Assert.Null(skipped.Guard);
        Assert.Null(skipped.Verification);
        Assert.Null(skipped.Commit);
        Assert.Equal("the agent changed nothing in the workspace", skipped.AgentError);
        Assert.Equal(new TokenSpend(110, 110, 0.22m), result.Spent);
        Assert.False(result.Iterations[1].TreeUnchanged);
        Assert.Equal(2, status!.Iteration);

        // The next step hears that it changed nothing, and what the checks said about the tree it left alone.
        var told = steps.FeedbackSeen.Last()!;
        Assert.StartsWith("Your last step failed: the agent changed nothing in the workspace.", told, StringComparison.Ordinal);
        Assert.Contains("the checks were not run again", told, StringComparison.Ordinal);
        Assert.Contains("tests fail on the base", told, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnchangedAfterAFailedVerification_FeedbackCarriesThatVerification()
    {
        var steps = new FakeLoopSteps { Plan = FakeLoopSteps.DefaultPlan(), Script = [(100, false, 3), (100, false, 3), (100, true, 0)], UnchangedTrees = [2] };

        var (result, _) = await LoopOrchestratorTests.RunAsync(steps);

        Assert.Equal(LoopOutcome.Verified, result.Outcome);
        Assert.Equal(["verify 0", "guard 1", "verify 1", "guard 3", "verify 3"], steps.Checked);
        Assert.Equal(["run-1/1", "run-1/3"], steps.Commits);
        Assert.Equal("c1", result.Iterations[1].BaseCommit);
        Assert.Contains("still failing (3)", steps.FeedbackSeen.Last(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_AgentNeverChangesAnything_StallsWithoutVerifying()
    {
        // The unchanged tree's verdict (the baseline's) stands for the checks it was spared: the stall count moves as
        // if they had run (the first verdict of a run is its first best signal).
        var steps = new FakeLoopSteps { Plan = FakeLoopSteps.DefaultPlan(l => l with { StallAfter = 2, MaxIterations = 10 }), Script = [(100, false, 3)], UnchangedTrees = [1, 2, 3, 4] };

        var (result, status) = await LoopOrchestratorTests.RunAsync(steps);

        Assert.Equal(LoopOutcome.Stalled, result.Outcome);
        Assert.Equal(3, result.Iterations.Count);
        Assert.Equal("baseline: 1 failing", status!.LastVerification);
        Assert.Contains("Still failing: baseline: 1 failing", result.ClosingNote, StringComparison.Ordinal);
        Assert.Equal(["verify 0"], steps.Checked);
        Assert.Equal(["run-1/handoff"], steps.Commits);
        Assert.Contains("iteration 1: looked around in iteration 1 [agent error: the agent changed nothing in the workspace] -> unchanged, not verified again", result.ClosingNote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BaselinePassesAndAgentChangesNothing_VerifiedAsBefore()
    {
        // A tree that already passed its checks is verified again, so a loop whose checks pass still ends Verified.
        var steps = new FakeLoopSteps { Plan = FakeLoopSteps.DefaultPlan(), Script = [(100, true, 0)], UnchangedTrees = [1], BaselinePassed = true };

        var (result, _) = await LoopOrchestratorTests.RunAsync(steps);

        Assert.Equal(LoopOutcome.Verified, result.Outcome);
        Assert.Equal(["verify 0", "guard 1", "verify 1"], steps.Checked);
        Assert.False(result.Iterations[0].TreeUnchanged);
    }

    [Fact]
    public async Task RunAsync_RestartedRunOnItsEarlierWorkAndAgentChangesNothing_VerifiedAsBefore()
    {
        // The baseline judged the base commit, not the work an earlier run of the instance left: no verdict to keep.
        var steps = new FakeLoopSteps { Plan = FakeLoopSteps.DefaultPlan(), Script = [(100, true, 0)], UnchangedTrees = [1], ResumedHead = "c9" };

        var (result, _) = await LoopOrchestratorTests.RunAsync(steps);

        Assert.Equal(LoopOutcome.Verified, result.Outcome);
        Assert.Equal(["verify 0", "guard 1", "verify 1"], steps.Checked);
        Assert.Equal("c9", result.Iterations[0].BaseCommit);
    }
}
