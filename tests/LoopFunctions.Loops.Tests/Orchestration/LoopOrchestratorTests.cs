using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Tests.TestSupport;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary>The orchestrator's decisions on the real engine, with scripted steps: one test per outcome.</summary>
public sealed class LoopOrchestratorTests
{
    [Fact]
    public async Task RunAsync_VerifiedOnSecondIteration_OutcomeVerifiedWithTwoCommits()
    {
        var steps = new FakeLoopSteps { Plan = FakeLoopSteps.DefaultPlan(), Script = [(100, false, 3), (120, true, 0)] };

        var (result, status) = await RunAsync(steps);

        Assert.Equal(LoopOutcome.Verified, result.Outcome);
        Assert.Equal(2, result.Iterations.Count);
        Assert.Equal(["run-1/1", "run-1/2"], steps.Commits);
        Assert.Equal(new TokenSpend(110, 110, 0.22m), result.Spent);
        Assert.Equal([null, "still failing (3)"], steps.FeedbackSeen);
        Assert.Equal(LoopPhase.Done, status!.Phase);
        Assert.Equal(2, status.Iteration);
    }

    [Fact]
    public async Task RunAsync_NeverPasses_MaxIterationsWithHandoffCommit()
    {
        var steps = new FakeLoopSteps { Plan = FakeLoopSteps.DefaultPlan(l => l with { MaxIterations = 3 }), Script = [(100, false, 5), (100, false, 4), (100, false, 3)] };

        var (result, _) = await RunAsync(steps);

        Assert.Equal(LoopOutcome.MaxIterations, result.Outcome);
        Assert.Equal(["run-1/1", "run-1/2", "run-1/3", "run-1/handoff"], steps.Commits);
        Assert.Contains("What was tried:", result.ClosingNote, StringComparison.Ordinal);
        Assert.Contains("iteration 3", result.ClosingNote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TokenBudgetWouldBeExceeded_StopsBeforeTheAgentCall()
    {
        // 1,000 output tokens + prompt estimate is the first worst case; then the largest step (1,800) is.
        var steps = new FakeLoopSteps { Plan = FakeLoopSteps.DefaultPlan(l => l with { MaxTokens = 5_000 }), Script = [(1_800, false, 2)] };

        var (result, status) = await RunAsync(steps);

        Assert.Equal(LoopOutcome.BudgetExhausted, result.Outcome);
        Assert.Equal(2, result.Iterations.Count);
        Assert.True(result.Spent.TotalTokens + 1_800 > 5_000);
        Assert.Contains("max_tokens 5,000", result.Reason, StringComparison.Ordinal);
        Assert.Equal(1_400, status!.BudgetLeft.Tokens);
    }

    [Fact]
    public async Task RunAsync_SignalNotImproving_EndsStalled()
    {
        var steps = new FakeLoopSteps { Plan = FakeLoopSteps.DefaultPlan(l => l with { StallAfter = 2, MaxIterations = 10 }), Script = [(100, false, 4), (100, false, 4), (100, false, 5)] };

        var (result, _) = await RunAsync(steps);

        Assert.Equal(LoopOutcome.Stalled, result.Outcome);
        Assert.Equal(3, result.Iterations.Count);
    }

    [Fact]
    public async Task RunAsync_GuardViolation_IterationNotVerifiedNorCommittedAndAgentToldWhy()
    {
        var steps = new FakeLoopSteps { Plan = FakeLoopSteps.DefaultPlan(), Script = [(100, true, 0)], GuardViolations = [1] };

        var (result, _) = await RunAsync(steps);

        Assert.Equal(LoopOutcome.Verified, result.Outcome);
        Assert.False(result.Iterations[0].Guard!.Allowed);
        Assert.Null(result.Iterations[0].Commit);
        Assert.Null(result.Iterations[0].Verification);
        Assert.Equal(["run-1/2"], steps.Commits);
        Assert.Contains("protected by 'tests/**'", steps.FeedbackSeen.Last(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ApprovalRejected_OutcomeRejectedAndNothingPushed()
    {
        var steps = new FakeLoopSteps { Plan = FakeLoopSteps.DefaultPlan(governance: g => g with { Approve = [ApprovalStep.Push] }, push: true) };

        var (result, _) = await RunAsync(steps, approval: new ApprovalDecision(false, "not this week", "ana"));

        Assert.Equal(LoopOutcome.Rejected, result.Outcome);
        Assert.Contains("rejected by ana: not this week", result.Reason, StringComparison.Ordinal);
        Assert.Empty(steps.Pushes);
    }

    [Fact]
    public async Task RunAsync_ApprovalGranted_Pushes()
    {
        var steps = new FakeLoopSteps { Plan = FakeLoopSteps.DefaultPlan(governance: g => g with { Approve = [ApprovalStep.Push] }, push: true) };

        var (result, _) = await RunAsync(steps, approval: new ApprovalDecision(true, "ship it"));

        Assert.Equal(LoopOutcome.Verified, result.Outcome);
        Assert.Equal("origin/loop/fix-tests/1", result.PushedTo);
    }

    [Fact]
    public async Task RunAsync_CiWaitAndCiFailsOnce_AgentGetsCiFeedbackThenVerified()
    {
        var steps = new FakeLoopSteps { Plan = FakeLoopSteps.DefaultPlan() with { CiWait = TimeSpan.FromHours(1) } };

        var (result, _) = await RunAsync(steps, ci: [new CiResult(false, "lint failed", "https://ci/1"), new CiResult(true, "green")]);

        Assert.Equal(LoopOutcome.Verified, result.Outcome);
        Assert.Equal(2, result.Iterations.Count);
        Assert.Contains("CI failed: lint failed", result.Iterations[0].Verification!.Summary, StringComparison.Ordinal);
        Assert.Contains("CI failed: lint failed (https://ci/1)", steps.FeedbackSeen.Last(), StringComparison.Ordinal);
        Assert.Equal(2, steps.Pushes.Count);
    }

    [Fact]
    public async Task RunAsync_VerifiedWithPullRequestOutput_PushesAndOpensRenderedPullRequest()
    {
        var plan = FakeLoopSteps.DefaultPlan(push: true);
        var steps = new FakeLoopSteps { Plan = plan with { Outputs = plan.Outputs with { PullRequestTitle = "loop {loop}: {iterations} iteration(s)", PullRequestBody = "{summary}" } } };

        var (result, _) = await RunAsync(steps);

        Assert.Equal("https://github.example/acme/calc/pull/1", result.PullRequestUrl);
        Assert.Equal(["loop fix-tests: 1 iteration(s)|main|- iteration 1: changed things in iteration 1"], steps.PullRequests);
    }

    [Fact]
    public async Task RunAsync_AgentKeepsFailing_OrchestrationFailsWithTheStepsDetails()
    {
        var steps = new FakeLoopSteps { Plan = FakeLoopSteps.DefaultPlan(), FailAgent = true };
        await using var engine = await LoopEngine.StartAsync(steps.Register);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(LoopActivityNames.Orchestrator, new LoopRunInput("fix-tests"), new StartOrchestrationOptions("run-1"));

        var done = await engine.Client.WaitForInstanceCompletionAsync(id, true, cts.Token);

        // An infrastructure failure fails the orchestration (so it can be alerted on and rewound), not the loop's outcome.
        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("model endpoint unreachable", done.FailureDetails!.ToString(), StringComparison.Ordinal);
        Assert.Equal(LoopOutcome.Failed, done.ReadCustomStatusAs<LoopStatus>()!.Outcome);
        Assert.Contains("TaskFailedException", done.FailureDetails.ErrorType, StringComparison.Ordinal);
    }

    internal static async Task<(LoopResult Result, LoopStatus? Status)> RunAsync(FakeLoopSteps steps, ApprovalDecision? approval = null, CiResult[]? ci = null)
    {
        await using var engine = await LoopEngine.StartAsync(steps.Register);
        var client = engine.Client;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var id = await client.ScheduleNewOrchestrationInstanceAsync(LoopActivityNames.Orchestrator, new LoopRunInput("fix-tests"), new StartOrchestrationOptions("run-1"));
        if (approval is not null)
        {
            await WaitForPhaseAsync(client, id, LoopPhase.AwaitingApproval, cts.Token);

            await client.RaiseEventAsync(id, LoopActivityNames.ApprovalEvent, approval, cts.Token);
        }

        // Raised up front on purpose: events are buffered and each CI wait takes the next one in order.
        foreach (var result in ci ?? [])
        {
            await client.RaiseEventAsync(id, LoopActivityNames.CiEvent, result, cts.Token);
        }

        var done = await client.WaitForInstanceCompletionAsync(id, true, cts.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        return (done.ReadOutputAs<LoopResult>()!, done.ReadCustomStatusAs<LoopStatus>());
    }

    private static async Task WaitForPhaseAsync(DurableTaskClient client, string id, LoopPhase phase, CancellationToken cancellationToken)
    {
        while ((await client.GetInstanceAsync(id, true, cancellationToken))?.ReadCustomStatusAs<LoopStatus>()?.Phase != phase)
        {
            await Task.Delay(10, cancellationToken);
        }
    }
}
