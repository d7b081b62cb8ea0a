using LoopFunctions.Functions.Orchestration;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Moq.Protected;

namespace LoopFunctions.Functions.Tests.Orchestration;

/// <summary>The orchestrator function with a mocked <see cref="TaskOrchestrationContext"/>, as Microsoft's guidance for
/// isolated Durable Functions tests it. <c>WaitForExternalEvent&lt;T&gt;(name, TimeSpan)</c> is not virtual: it is
/// built on the <see cref="CancellationToken"/> overload and <c>CreateTimer</c>, which are mocked (CallBase).</summary>
public sealed class LoopOrchestratorFunctionTests
{
    private static readonly DateTime Now = new(2026, 5, 1, 2, 0, 0, DateTimeKind.Utc);
    private readonly Mock<TaskOrchestrationContext> _context = new() { CallBase = true };
    private readonly List<string> _calls = [];
    private readonly TaskCompletionSource<ApprovalDecision> _approval = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LoopOrchestratorFunctionTests()
    {
        // The orchestrator logs its milestones through a replay-safe logger made from the context's factory.
        _context.Protected().SetupGet<ILoggerFactory>("LoggerFactory").Returns(NullLoggerFactory.Instance);
        _context.SetupGet(c => c.InstanceId).Returns("ship-1");
        _context.SetupGet(c => c.CurrentUtcDateTime).Returns(Now);
        _context.Setup(c => c.GetInput<LoopRunInput>()).Returns(new LoopRunInput("ship"));
        Activity(LoopActivityNames.LoadPlan, Plan());
        Activity(LoopActivityNames.PrepareWorkspace, new WorkspaceInfo("/work/ship", "base", "loop/ship/ship-1"));
        var verifications = new Queue<VerificationOutcome>([
            new VerificationOutcome(false, "1 failing", "fix add", 1, [], Baseline: "baseline"),
            new VerificationOutcome(true, "all passing", "", 0, [])]);
        _context.Setup(c => c.CallActivityAsync<VerificationOutcome>(It.Is<TaskName>(n => n.Name == LoopActivityNames.Verify), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns(() =>
            {
                _calls.Add(LoopActivityNames.Verify);
                return Task.FromResult(verifications.Dequeue());
            });
        Activity(LoopActivityNames.RunAgent, new AgentStepResult(true, "fixed add", new TokenSpend(100, 20, 0.01m), 3));
        Activity(LoopActivityNames.Guard, new GuardOutcome(true, 1, 1, 1, []));
        Activity<string?>(LoopActivityNames.Commit, "c1");
        Activity(LoopActivityNames.Push, "origin/loop/ship/ship-1");
        _context.Setup(c => c.WaitForExternalEvent<ApprovalDecision>(LoopActivityNames.ApprovalEvent, It.IsAny<CancellationToken>()))
            .Returns((string _, CancellationToken token) =>
            {
                token.Register(() => _approval.TrySetCanceled(token));
                return _approval.Task;
            });
    }

    [Fact]
    public async Task RunAsync_VerifiedAndApproved_PushesAndEndsVerified()
    {
        var timer = new TaskCompletionSource();
        _context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>())).Returns(timer.Task);
        _approval.SetResult(new ApprovalDecision(true, "ship it", "ana"));

        var result = await LoopOrchestratorFunction.RunAsync(_context.Object);

        Assert.Equal(LoopOutcome.Verified, result.Outcome);
        Assert.Equal("origin/loop/ship/ship-1", result.PushedTo);
        Assert.Equal([LoopActivityNames.LoadPlan, LoopActivityNames.PrepareWorkspace, LoopActivityNames.Verify, LoopActivityNames.RunAgent, LoopActivityNames.Guard, LoopActivityNames.Verify, LoopActivityNames.Commit, LoopActivityNames.Push], _calls);
        _context.Verify(c => c.CreateTimer(Now + TimeSpan.FromDays(3), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task RunAsync_NoApprovalBeforeTheTimeout_EndsRejectedWithoutPushing()
    {
        _context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        var result = await LoopOrchestratorFunction.RunAsync(_context.Object);

        Assert.Equal(LoopOutcome.Rejected, result.Outcome);
        Assert.DoesNotContain(LoopActivityNames.Push, _calls);
        Assert.Contains("no approval within", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoInput_Throws()
    {
        _context.Setup(c => c.GetInput<LoopRunInput>()).Returns((LoopRunInput?)null);
        await Assert.ThrowsAsync<ArgumentException>(() => LoopOrchestratorFunction.RunAsync(_context.Object));
    }

    private void Activity<T>(string name, T result) =>
        _context.Setup(c => c.CallActivityAsync<T>(It.Is<TaskName>(n => n.Name == name), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns(() =>
            {
                _calls.Add(name);
                return Task.FromResult(result);
            });

    private static LoopPlan Plan() => new(
        "ship",
        "/loops/ship.md",
        "Make the tests pass.",
        new WorkspacePlan("/src/ship", "main", "loop/ship/ship-1", "/work", null),
        new AgentPlan("command", ["agent"], "m", null, false, null, null, 4096, 50, TimeSpan.FromMinutes(20), [], 0m, 0m),
        [new CheckPlan("unit", CheckKind.Command, ["true"], TimeSpan.FromMinutes(10))],
        new LimitsPlan(5, null, null, null, 3),
        new GovernancePlan([], [], [ApprovalStep.Push], TimeSpan.FromDays(3)),
        new OutputsPlan(CommitMode.EachIteration, true, "origin", null, null));
}
