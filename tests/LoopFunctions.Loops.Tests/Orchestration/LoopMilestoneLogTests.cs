using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Tests.TestSupport;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary>The loop's milestone log lines (event ids 5000-5499), from real runs on the engine without extended sessions:
/// the engine replays the orchestrator from its history at every step, and each milestone must still be logged exactly
/// once.</summary>
public sealed class LoopMilestoneLogTests
{
    private const string Category = "LoopFunctions.Loops.Orchestration.LoopOrchestrator";

    [Fact]
    public async Task RunAsync_VerifiedOnSecondIterationWithApprovalPushAndPullRequest_LogsEachMilestoneOnce()
    {
        var plan = FakeLoopSteps.DefaultPlan(governance: g => g with { Approve = [ApprovalStep.Push] }, push: true);
        var steps = new FakeLoopSteps { Plan = plan with { Outputs = plan.Outputs with { PullRequestTitle = "loop {loop}" } }, Script = [(100, false, 3), (120, true, 0)] };
        var logs = new CapturingLoggerProvider();

        var result = await RunAsync(steps, logs, new ApprovalDecision(true, "ship it", "ana"));

        Assert.Equal(LoopOutcome.Verified, result.Outcome);
        // Far more episodes than the run has milestones: every one of them replayed the milestones before it.
        Assert.True(steps.Episodes > 10, $"{steps.Episodes} episodes");
        var lines = logs.Of(Category);
        Assert.Equal(
            [5000, 5001, 5003, 5001, 5002, 5007, 5008, 5009, 5010, 5014],
            lines.Select(l => l.Id.Id));
        Assert.Equal("Loop fix-tests run run-1 iteration 1 not verified (signal 3): signal 3", lines[2].Message);
        Assert.Equal("Loop fix-tests run run-1 iteration 2 verified (signal 0): all checks passed", lines[4].Message);
        Assert.Contains("approved True by ana", lines[6].Message, StringComparison.Ordinal);
        Assert.Contains("pushed", lines[7].Message, StringComparison.Ordinal);
        Assert.StartsWith("Loop fix-tests run run-1 ended Verified after 2 iteration(s)", lines[9].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TokenBudgetStopsTheRun_LogsWhichLimitOnce()
    {
        var steps = new FakeLoopSteps { Plan = FakeLoopSteps.DefaultPlan(l => l with { MaxTokens = 5_000 }), Script = [(1_800, false, 2)] };
        var logs = new CapturingLoggerProvider();

        var result = await RunAsync(steps, logs);

        Assert.Equal(LoopOutcome.BudgetExhausted, result.Outcome);
        var lines = logs.Of(Category);
        var stop = Assert.Single(lines, l => l.Id.Id == 5005);
        Assert.StartsWith("Loop fix-tests run run-1 stopped by its budget (max_tokens): token budget:", stop.Message, StringComparison.Ordinal);
        Assert.Equal([5000, 5001, 5003, 5001, 5003, 5005, 5014], lines.Select(l => l.Id.Id));
    }

    private static async Task<LoopResult> RunAsync(FakeLoopSteps steps, CapturingLoggerProvider logs, ApprovalDecision? approval = null)
    {
        await using var engine = await LoopEngine.StartAsync(steps.Register, logs, extendedSessions: false);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(LoopActivityNames.Orchestrator, new LoopRunInput("fix-tests", trigger: new LoopTrigger("http")), new StartOrchestrationOptions("run-1"));
        if (approval is not null)
        {
            // Raised up front: the event waits in the orchestration's inbox until the run asks for it.
            await engine.Client.RaiseEventAsync(id, LoopActivityNames.ApprovalEvent, approval, cts.Token);
        }

        var done = await engine.Client.WaitForInstanceCompletionAsync(id, true, cts.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        return done.ReadOutputAs<LoopResult>()!;
    }
}
