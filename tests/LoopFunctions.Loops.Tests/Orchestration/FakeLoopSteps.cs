using System.Collections.Concurrent;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using Microsoft.DurableTask;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary>
/// Scripted stand-ins for the loop's activities, so the orchestrator's decisions can be tested on the real engine
/// without git or a model. Each iteration's agent spend and verification signal come from the script.
/// </summary>
internal sealed class FakeLoopSteps
{
    public required LoopPlan Plan { get; init; }

    /// <summary>Per iteration (1-based): tokens spent, verification passed, signal; the last entry repeats.</summary>
    public List<(long Tokens, bool Passed, double Signal)> Script { get; init; } = [(100, true, 0)];

    /// <summary>Iterations whose agent touches a protected path.</summary>
    public HashSet<int> GuardViolations { get; init; } = [];

    public bool FailAgent { get; init; }

    /// <summary>How many agent calls fail (with their retries) before the agent works, e.g. until a rewind.</summary>
    public int FailingAgentCalls { get => _failingAgentCalls; init => _failingAgentCalls = value; }

    /// <summary>Pooled steps whose reservation the step finds freed (by reservation id): the step does not run.</summary>
    public Func<string, bool> ReservationLost { get; init; } = _ => false;

    /// <summary>Iterations whose agent step reports the tree it left unchanged.</summary>
    public HashSet<int> UnchangedTrees { get; init; } = [];

    /// <summary>The loop branch's tip an earlier run of the instance left (the workspace's head), or null.</summary>
    public string? ResumedHead { get; init; }

    /// <summary>Whether the baseline's checks pass.</summary>
    public bool BaselinePassed { get; init; }

    /// <summary>The iterations the guard and the checks ran on, in order (the baseline as 0).</summary>
    public ConcurrentQueue<string> Checked { get; } = new();

    public ConcurrentQueue<string> Commits { get; } = new();

    public ConcurrentQueue<string> Pushes { get; } = new();

    public ConcurrentQueue<string?> FeedbackSeen { get; } = new();

    /// <summary>How often the engine ran the orchestrator: once per episode, each a replay of the history so far.</summary>
    public int Episodes => _episodes;

    public void Register(DurableTaskRegistry registry) => registry
        .AddOrchestratorFunc<LoopRunInput, LoopResult>(LoopActivityNames.Orchestrator, (context, input) =>
        {
            Interlocked.Increment(ref _episodes);
            return new LoopOrchestrator().RunAsync(context, input);
        })
        .AddActivityFunc<LoopRunInput, LoopPlan>(LoopActivityNames.LoadPlan, (_, _) => Plan)
        .AddActivityFunc<PrepareWorkspaceInput, WorkspaceInfo>(LoopActivityNames.PrepareWorkspace, (_, _) => new WorkspaceInfo("/ws", "base0", Plan.Workspace.WorkBranch, ResumedHead))
        .AddActivityFunc<AgentStepInput, AgentStepResult>(LoopActivityNames.RunAgent, (_, step) =>
        {
            if (FailAgent || Interlocked.Decrement(ref _failingAgentCalls) >= 0)
            {
                throw new InvalidOperationException("model endpoint unreachable");
            }

            if (step.Reservation is { } hold && ReservationLost(hold.Id))
            {
                return new AgentStepResult(false, "not run", TokenSpend.Zero, 0, "not run") { ReservationLost = true, TreeUnchanged = true };
            }

            FeedbackSeen.Enqueue(step.Feedback);
            _current = step.Iteration;
            var tokens = At(step.Iteration).Tokens;
            return UnchangedTrees.Contains(step.Iteration)
                ? new AgentStepResult(true, $"looked around in iteration {step.Iteration}", new TokenSpend(tokens / 2, tokens / 2, tokens / 1000m), 1) { TreeUnchanged = true }
                : new AgentStepResult(true, $"changed things in iteration {step.Iteration}", new TokenSpend(tokens / 2, tokens / 2, tokens / 1000m), 3);
        })
        .AddActivityFunc<GuardInput, GuardOutcome>(LoopActivityNames.Guard, (_, _) =>
        {
            Checked.Enqueue($"guard {_current}");
            return GuardViolations.Contains(_current)
                ? new GuardOutcome(false, 1, 0, 5, ["tests/test_calc.sh: protected by 'tests/**'"])
                : new GuardOutcome(true, 1, 2, 1, []);
        })
        .AddActivityFunc<VerifyInput, VerificationOutcome>(LoopActivityNames.Verify, (_, input) =>
        {
            Checked.Enqueue($"verify {_current}");
            if (input.Baseline is null)
            {
                return BaselinePassed
                    ? new VerificationOutcome(true, "baseline: all checks passed", "", 0, [], "baseline-data")
                    : new VerificationOutcome(false, "baseline: 1 failing", "tests fail on the base", 1, [], "baseline-data");
            }

            var (_, passed, signal) = At(_current);
            return new VerificationOutcome(passed, passed ? "all checks passed" : $"signal {signal}", $"still failing ({signal})", signal, []);
        })
        .AddActivityFunc<CommitInput, string?>(LoopActivityNames.Commit, (_, input) =>
        {
            Commits.Enqueue(input.Trailer);
            return "c" + Commits.Count;
        })
        .AddActivityFunc<PushInput, string>(LoopActivityNames.Push, (_, input) =>
        {
            Order.Enqueue("push");
            Pushes.Enqueue(input.Remote);
            return input.Remote + "/" + input.Workspace.Branch;
        })
        .AddActivityFunc<PullRequestInput, string>(LoopActivityNames.PullRequest, (_, input) =>
        {
            PullRequests.Enqueue($"{input.Title}|{input.BaseBranch}|{input.Body}");
            return "https://github.example/acme/calc/pull/1";
        })
        .AddActivityFunc<PublishInput, PublishResult>(LoopActivityNames.Publish, (_, input) =>
        {
            Order.Enqueue("publish");
            Publishes.Enqueue(input);
            return new PublishResult($"https://blob.example/{input.Publish.Container}/{input.Publish.Prefix}/index.html?sig=x", input.Publish.Container, input.Publish.Prefix, 1, 0, 0, 0, null);
        });

    public ConcurrentQueue<PublishInput> Publishes { get; } = new();

    /// <summary>The output steps (push, publish) in the order they ran.</summary>
    public ConcurrentQueue<string> Order { get; } = new();

    public ConcurrentQueue<string> PullRequests { get; } = new();

    // Activities of one run execute one after another, so the agent step's iteration is the guard's and verify's.
    private volatile int _current;
    private int _episodes;
    private int _failingAgentCalls;

    private (long Tokens, bool Passed, double Signal) At(int iteration) => Script[Math.Min(iteration, Script.Count) - 1];

    public static LoopPlan DefaultPlan(Func<LimitsPlan, LimitsPlan>? limits = null, Func<GovernancePlan, GovernancePlan>? governance = null, bool push = false) => new(
        "fix-tests",
        "/loops/fix-tests.md",
        "Make the tests pass.",
        new WorkspacePlan("/repo", "main", "loop/fix-tests/1", "/work", null),
        new AgentPlan("command", ["agent"], "scripted", null, false, null, null, 1000, 10, TimeSpan.FromMinutes(5), [], 0m, 0m),
        [new CheckPlan("tests", CheckKind.Command, ["true"], TimeSpan.FromMinutes(1))],
        (limits ?? (l => l))(new LimitsPlan(5, null, null, null, 0)),
        (governance ?? (g => g))(new GovernancePlan([], ["tests/**"], [], TimeSpan.FromDays(1))),
        new OutputsPlan(CommitMode.EachIteration, push, "origin", null, null));
}
