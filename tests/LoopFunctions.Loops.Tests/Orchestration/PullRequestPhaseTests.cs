using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Moq.Protected;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary>The pull-request phases' branches that real parts make hard to reach, with a Moq-mocked
/// <see cref="TaskOrchestrationContext"/> answering each activity from a script (as the Functions app's tests do).
/// <c>WaitForExternalEvent(name, TimeSpan)</c> is built on the token overload and <c>CreateTimer</c>, both mocked.</summary>
public sealed class PullRequestPhaseTests
{
    private static readonly DateTime Now = new(2026, 5, 1, 2, 0, 0, DateTimeKind.Utc);
    private readonly Mock<TaskOrchestrationContext> _context = new() { CallBase = true };
    private readonly List<(string Name, object? Input)> _calls = [];
    private readonly Dictionary<string, Queue<object?>> _script = [];

    public PullRequestPhaseTests()
    {
        // The orchestrator logs its milestones through a replay-safe logger made from the context's factory.
        _context.Protected().SetupGet<ILoggerFactory>("LoggerFactory").Returns(NullLoggerFactory.Instance);
        _context.SetupGet(c => c.InstanceId).Returns("review-pr-acme-calc-12");
        _context.SetupGet(c => c.CurrentUtcDateTime).Returns(Now);
        _context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        Script(LoopActivityNames.LoadPlan, Plan());
        Script(LoopActivityNames.LoadPullRequest, Pr(writable: true));
        Script(LoopActivityNames.PrepareWorkspace, new WorkspaceInfo("/work/run", "h0", "feature", "h0"));
        Script(LoopActivityNames.Verify, new VerificationOutcome(false, "1 failing", "fix", 1, [], Baseline: "b"), new VerificationOutcome(true, "all passing", "", 0, []));
        Script(LoopActivityNames.RunAgent, new AgentStepResult(true, "fixed", new TokenSpend(100, 10, 0.01m), 2));
        Script(LoopActivityNames.Guard, new GuardOutcome(true, 1, 1, 0, [], "cand1"));
        Script<string?>(LoopActivityNames.Commit, "c1");
        Script(LoopActivityNames.HandOff, "base/loop/review/1-c1");
        Script(LoopActivityNames.ReportToPullRequest, "https://github.example/pull/12#review");
    }

    [Fact]
    public async Task RunAsync_RemoteRefusesThePush_HandsOffAndReportsFailure()
    {
        Script(LoopActivityNames.PushToPullRequest, new PullRequestPushResult(PullRequestPushStatus.Denied, "h0", "protected branch"));

        var result = await new LoopOrchestrator().RunAsync(_context.Object, Request());

        Assert.Equal(LoopOutcome.HandedOff, result.Outcome);
        Assert.Equal("base/loop/review/1-c1", result.FollowUpBranch);
        Assert.Contains("refused: protected branch", result.Reason, StringComparison.Ordinal);
        var report = Input<PullRequestReportInput>(LoopActivityNames.ReportToPullRequest);
        Assert.Equal(("failure", "h0", "loopfunctions/review"), (report.State, report.Commit, report.Context));
    }

    [Fact]
    public async Task RunAsync_HeadKeepsMoving_FollowsItThreeTimesThenHandsOff()
    {
        var moves = Enumerable.Range(1, 4).Select(i => new PullRequestPushResult(PullRequestPushStatus.Moved, $"p{i}")).ToArray();
        Script(LoopActivityNames.PushToPullRequest, moves);
        Script(LoopActivityNames.RebaseOntoHead, new RebaseResult(true, "r1", []), new RebaseResult(true, "r2", []), new RebaseResult(true, "r3", []));
        Script(LoopActivityNames.Verify, new VerificationOutcome(false, "1 failing", "fix", 1, [], Baseline: "b"), Passing(), Baseline(), Passing(), Baseline(), Passing(), Baseline(), Passing());
        Script<string?>(LoopActivityNames.Commit, "c1", "c2", "c3", "c4");

        var result = await new LoopOrchestrator().RunAsync(_context.Object, Request());

        Assert.Equal(LoopOutcome.HandedOff, result.Outcome);
        Assert.Contains("the head kept moving (3 rebases)", result.Reason, StringComparison.Ordinal);
        Assert.Equal(["h0", "p1", "p2", "p3"], Inputs<PullRequestPushInput>(LoopActivityNames.PushToPullRequest).Select(p => p.Expected));
        Assert.Equal(["c1", "c2", "c3", "c4"], Inputs<PullRequestPushInput>(LoopActivityNames.PushToPullRequest).Select(p => p.Commit));
        // Each replay is verified on its new head: a baseline on it first, then the candidate against that baseline.
        Assert.Equal([(null, "p1"), ("r1", "p1")], Inputs<VerifyInput>(LoopActivityNames.Verify).Skip(2).Take(2).Select(v => (v.Candidate, v.Workspace.BaseCommit)));
        Assert.Equal("c4", Input<FollowUpBranchInput>(LoopActivityNames.HandOff).Commit);
    }

    [Fact]
    public async Task RunAsync_CiSilent_FailsTheIterationWithoutAskingForJobs()
    {
        Script(LoopActivityNames.LoadPlan, Plan() with { CiWait = TimeSpan.FromMinutes(30), Limits = new LimitsPlan(1, null, null, null, 3) });
        Script(LoopActivityNames.PushToPullRequest, new PullRequestPushResult(PullRequestPushStatus.Pushed, "c1"));
        var ci = new TaskCompletionSource<CiResult>();
        _context.Setup(c => c.WaitForExternalEvent<CiResult>(LoopActivityNames.CiEvent, It.IsAny<CancellationToken>()))
            .Returns((string _, CancellationToken token) =>
            {
                token.Register(() => ci.TrySetCanceled(token));
                return ci.Task;
            });

        var result = await new LoopOrchestrator().RunAsync(_context.Object, Request());

        Assert.Equal(LoopOutcome.MaxIterations, result.Outcome);
        Assert.Contains("no CI result arrived within 30m", result.Iterations[0].Verification!.Feedback, StringComparison.Ordinal);
        Assert.DoesNotContain(_calls, c => c.Name == LoopActivityNames.CiFailures);
        Assert.Equal("c1", Input<PullRequestReportInput>(LoopActivityNames.ReportToPullRequest).Commit);
        _context.Verify(c => c.CreateTimer(Now + TimeSpan.FromMinutes(30), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task RunAsync_CiWaitLongerThanWhatIsLeftOfMaxDuration_WaitsOnlyUntilTheDeadline()
    {
        Script(LoopActivityNames.LoadPlan, Plan() with { CiWait = TimeSpan.FromHours(2), Limits = new LimitsPlan(1, null, null, TimeSpan.FromMinutes(45), 3) });
        Script(LoopActivityNames.PushToPullRequest, new PullRequestPushResult(PullRequestPushStatus.Pushed, "c1"));
        _context.Setup(c => c.WaitForExternalEvent<CiResult>(LoopActivityNames.CiEvent, It.IsAny<CancellationToken>()))
            .Returns((string _, CancellationToken token) => Task.FromCanceled<CiResult>(new CancellationToken(canceled: true)));

        var result = await new LoopOrchestrator().RunAsync(_context.Object, Request());

        Assert.Contains("no CI result arrived before the run's max_duration deadline", result.Iterations[0].Verification!.Summary, StringComparison.Ordinal);
        _context.Verify(c => c.CreateTimer(Now + TimeSpan.FromMinutes(45), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task RunAsync_PushNeedsApprovalAndIsRejected_NothingPushedAndThePullRequestHears()
    {
        Script(LoopActivityNames.LoadPlan, Plan() with { Governance = new GovernancePlan([], [], [ApprovalStep.Push], TimeSpan.FromDays(1)) });
        _context.Setup(c => c.WaitForExternalEvent<ApprovalDecision>(LoopActivityNames.ApprovalEvent, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ApprovalDecision(false, "not this one", "ana"));

        var result = await new LoopOrchestrator().RunAsync(_context.Object, Request());

        Assert.Equal(LoopOutcome.Rejected, result.Outcome);
        Assert.Equal("Verified, but the push to the pull request was rejected by ana: not this one.", result.Reason);
        Assert.DoesNotContain(_calls, c => c.Name == LoopActivityNames.PushToPullRequest);
        Assert.Contains(_calls, c => c.Name == LoopActivityNames.ReportToPullRequest);
    }

    [Fact]
    public async Task RunAsync_ReportingFails_TheRunKeepsItsOutcomeAndSaysSo()
    {
        Script(LoopActivityNames.PushToPullRequest, new PullRequestPushResult(PullRequestPushStatus.Pushed, "c1"));
        _context.Setup(c => c.CallActivityAsync<string>(It.Is<TaskName>(n => n.Name == LoopActivityNames.ReportToPullRequest), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ThrowsAsync(new TaskFailedException(LoopActivityNames.ReportToPullRequest, 9, new InvalidOperationException("HTTP 403")));

        var result = await new LoopOrchestrator().RunAsync(_context.Object, Request());

        Assert.Equal(LoopOutcome.Verified, result.Outcome);
        Assert.EndsWith("The report to the pull request failed: HTTP 403", result.Reason, StringComparison.Ordinal);
        Assert.Equal("c1", result.PushedCommit);
    }

    private static VerificationOutcome Passing() => new(true, "all passing", "", 0, []);

    private static VerificationOutcome Baseline() => new(false, "1 failing", "fix", 1, [], Baseline: "b2");

    private void Script<T>(string name, params T[] results)
    {
        _script[name] = new Queue<object?>(results.Cast<object?>());
        _context.Setup(c => c.CallActivityAsync<T>(It.Is<TaskName>(n => n.Name == name), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? input, TaskOptions? _) =>
            {
                _calls.Add((name, input));
                var queue = _script[name];
                return Task.FromResult((T)(queue.Count > 1 ? queue.Dequeue() : queue.Peek())!);
            });
    }

    private T Input<T>(string name) => Inputs<T>(name).Single();

    private List<T> Inputs<T>(string name) => _calls.Where(c => c.Name == name).Select(c => (T)c.Input!).ToList();

    private static LoopRunInput Request() => new("review", trigger: new LoopTrigger("github:pull_request", PullRequest: "12", GitHubRepository: "acme/calc"));

    private static PullRequestInfo Pr(bool writable) =>
        new("acme/calc", 12, "Add", "https://github.example/acme/calc/pull/12", "open", "main", "b0", "feature", "h0", writable ? "acme/calc" : "mallory/calc", "/srv/calc.git", !writable, false);

    private static LoopPlan Plan() => new(
        "review",
        "/loops/review.md",
        "Fix the pull request.",
        new WorkspacePlan("/srv/calc.git", "main", "loop/review/1", "/work", null) { OnPullRequestHead = true, FollowUpBranch = "loop/review/1" },
        new AgentPlan("command", ["agent"], "m", null, false, null, null, 4096, 50, TimeSpan.FromMinutes(20), [], 0m, 0m),
        [new CheckPlan("unit", CheckKind.Command, ["make", "test"], TimeSpan.FromMinutes(10))],
        new LimitsPlan(5, null, null, null, 3),
        new GovernancePlan([], [], [], TimeSpan.FromDays(3)),
        new OutputsPlan(CommitMode.EachIteration, true, "origin", null, null))
    {
        PullRequest = new PullRequestTarget("acme/calc", 12),
    };
}
