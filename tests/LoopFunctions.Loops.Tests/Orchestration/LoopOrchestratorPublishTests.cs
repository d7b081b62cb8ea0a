using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary>The orchestrator's publish step with scripted activities: when it runs, what it is given, and approval.</summary>
public sealed class LoopOrchestratorPublishTests
{
    [Fact]
    public async Task RunAsync_PublishNotApproveListed_PublishesAfterPushWithoutWaiting()
    {
        var steps = new FakeLoopSteps { Plan = WithPublish(FakeLoopSteps.DefaultPlan(push: true)) };

        var (result, _) = await LoopOrchestratorTests.RunAsync(steps);

        Assert.Equal(LoopOutcome.Verified, result.Outcome);
        Assert.Equal("https://blob.example/reports/fix-tests/run-1/index.html?sig=x", result.PublishedUrl);
        Assert.Contains("published to reports/fix-tests/run-1", result.Reason, StringComparison.Ordinal);
        var input = Assert.Single(steps.Publishes);
        Assert.Equal(("run-1", "c1", "all checks passed", 100L), (input.InstanceId, input.Commit, input.Verification!.Summary, input.Spent.TotalTokens));
        Assert.Equal(["push", "publish"], steps.Order);
    }

    [Fact]
    public async Task RunAsync_PublishApprovalGranted_WaitsThenPublishes()
    {
        var steps = new FakeLoopSteps { Plan = WithPublish(FakeLoopSteps.DefaultPlan(governance: g => g with { Approve = [ApprovalStep.Publish] })) };

        var (result, _) = await LoopOrchestratorTests.RunAsync(steps, approval: new ApprovalDecision(true, "ship it"));

        Assert.Equal(LoopOutcome.Verified, result.Outcome);
        Assert.Single(steps.Publishes);
        Assert.NotNull(result.PublishedUrl);
    }

    [Fact]
    public async Task RunAsync_PublishApprovalRejected_OutcomeRejectedAndNothingPublished()
    {
        var steps = new FakeLoopSteps { Plan = WithPublish(FakeLoopSteps.DefaultPlan(governance: g => g with { Approve = [ApprovalStep.Publish] }, push: true)) };

        var (result, _) = await LoopOrchestratorTests.RunAsync(steps, approval: new ApprovalDecision(false, "not public yet", "ana"));

        Assert.Equal(LoopOutcome.Rejected, result.Outcome);
        Assert.Contains("publishing was rejected by ana: not public yet", result.Reason, StringComparison.Ordinal);
        Assert.Empty(steps.Publishes);
        Assert.Null(result.PublishedUrl);
        Assert.Equal("origin/loop/fix-tests/1", result.PushedTo);
    }

    [Fact]
    public async Task RunAsync_PushAndPublishApproveListed_OneApprovalCoversBoth()
    {
        var steps = new FakeLoopSteps { Plan = WithPublish(FakeLoopSteps.DefaultPlan(governance: g => g with { Approve = [ApprovalStep.Push, ApprovalStep.Publish] }, push: true)) };

        var (result, _) = await LoopOrchestratorTests.RunAsync(steps, approval: new ApprovalDecision(true));

        Assert.Equal(LoopOutcome.Verified, result.Outcome);
        Assert.Equal(["push", "publish"], steps.Order);
    }

    private static LoopPlan WithPublish(LoopPlan plan) =>
        plan with { Outputs = plan.Outputs with { Publish = new PublishPlan("site", "reports", PublishVisibility.Private, TimeSpan.FromDays(7), "fix-tests/run-1") } };
}
