using System.Collections.Concurrent;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using Microsoft.DurableTask;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary>
/// Scripted stand-ins for the loop's activities on a loop with <c>agent.attempts</c>: each attempt's spend, diff, guard
/// verdict and verification come from the script, keyed by the attempt the step's input names, so attempts may run in
/// any order and at once.
/// </summary>
internal sealed class FakeAttemptSteps
{
    public required LoopPlan Plan { get; init; }

    /// <summary>Per attempt (1-based): tokens spent, diff lines, guard allows, verification passed, signal; the last
    /// entry repeats. The same for every iteration.</summary>
    public List<(long Tokens, int DiffLines, bool Allowed, bool Passed, double Signal)> Script { get; init; } = [(100, 3, true, true, 0)];

    /// <summary>An attempt whose agent step waits until the engine stops (once), or 0.</summary>
    public int BlockAttempt { get; init; }

    /// <summary>The engine's stopping signal, for the blocked attempt.</summary>
    public CancellationToken Stopping { get; set; }

    /// <summary>Set when the blocked attempt's agent step started.</summary>
    public TaskCompletionSource Blocked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every agent step executed: <c>iteration/attempt</c> (<c>iteration/-</c> without an attempt).</summary>
    public ConcurrentQueue<string> AgentRuns { get; } = new();

    /// <summary>Every verification executed: <c>baseline</c> or <c>iteration/attempt</c>.</summary>
    public ConcurrentQueue<string> Verifications { get; } = new();

    public ConcurrentQueue<CommitInput> Commits { get; } = new();

    private int _blocked;

    public void Register(DurableTaskRegistry registry) => registry
        .AddOrchestrator<LoopOrchestrator>(LoopActivityNames.Orchestrator)
        .AddActivityFunc<LoopRunInput, LoopPlan>(LoopActivityNames.LoadPlan, (_, _) => Plan)
        .AddActivityFunc<PrepareWorkspaceInput, WorkspaceInfo>(LoopActivityNames.PrepareWorkspace, (_, _) => new WorkspaceInfo("/ws", "base0", Plan.Workspace.WorkBranch))
        .AddActivityFunc<AgentStepInput, AgentStepResult>(LoopActivityNames.RunAgent, async (_, step) =>
        {
            AgentRuns.Enqueue($"{step.Iteration}/{step.Attempt?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}");
            if (step.Attempt == BlockAttempt && Interlocked.Exchange(ref _blocked, 1) == 0)
            {
                Blocked.TrySetResult();
                await Task.Delay(Timeout.Infinite, Stopping);
            }

            var tokens = At(step.Attempt).Tokens;
            return new AgentStepResult(true, $"attempt {step.Attempt} of iteration {step.Iteration} on {step.Agent.Model}", new TokenSpend(tokens / 2, tokens / 2, tokens / 1000m), 2);
        })
        .AddActivityFunc<GuardInput, GuardOutcome>(LoopActivityNames.Guard, (_, input) =>
        {
            var (_, diff, allowed, _, _) = At(input.Attempt);
            return new GuardOutcome(allowed, 1, diff, 0, allowed ? [] : ["tests/t.sh: protected by 'tests/**'"], $"candidate-{input.Attempt}");
        })
        .AddActivityFunc<VerifyInput, VerificationOutcome>(LoopActivityNames.Verify, (_, input) =>
        {
            if (input.Baseline is null)
            {
                Verifications.Enqueue("baseline");
                return new VerificationOutcome(false, "baseline: 1 failing", "tests fail on the base", 5, [], "baseline-data");
            }

            Verifications.Enqueue($"{input.Candidate}");
            var (_, _, _, passed, signal) = At(input.Attempt);
            return new VerificationOutcome(passed, passed ? $"{input.Candidate}: all checks passed" : $"{input.Candidate}: signal {signal}", $"still failing ({signal})", signal, []);
        })
        .AddActivityFunc<CommitInput, string?>(LoopActivityNames.Commit, (_, input) =>
        {
            Commits.Enqueue(input);
            return "c" + Commits.Count;
        });

    private (long Tokens, int DiffLines, bool Allowed, bool Passed, double Signal) At(int? attempt) => Script[Math.Min(attempt ?? 1, Script.Count) - 1];

    /// <summary>The default plan with <paramref name="attempts"/> copies of its agent, priced at $1 per million tokens
    /// in and out, so worst cases are easy to reckon.</summary>
    public static LoopPlan PlanWith(int attempts, Func<LimitsPlan, LimitsPlan>? limits = null)
    {
        var plan = FakeLoopSteps.DefaultPlan(limits);
        return plan with
        {
            Agent = plan.Agent with
            {
                InputPricePerMillion = 1m,
                OutputPricePerMillion = 1m,
                Attempts = [.. Enumerable.Range(0, attempts).Select(_ => new AttemptPlan())],
            },
        };
    }
}
