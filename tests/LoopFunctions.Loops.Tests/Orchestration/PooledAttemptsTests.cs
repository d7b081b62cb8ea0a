using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Budget;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Tests.TestSupport;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary><c>agent.attempts</c> with <c>limits.pool</c> on the real engine: every attempt is reserved from the pool
/// before the fan-out, the pool decides how many run, and each attempt's spend is charged to its own hold.</summary>
public sealed class PooledAttemptsTests
{
    // An attempt's worst case: 1,000 output tokens plus the prompt's estimate (1,005); no judge.
    private const long AttemptWorstCase = 2_005;

    [Fact]
    public async Task RunAsync_PoolCoversTwoOfThreeAttempts_RunsTwoAndChargesEachItsOwnSpend()
    {
        var steps = new FakeAttemptSteps
        {
            Plan = FakeAttemptSteps.PlanWith(3, l => l with { MaxIterations = 1, Pool = "team-a" }),
            Script = [(100, 2, true, false, 3), (300, 1, true, true, 0), (100, 1, true, true, 0)],
        };
        await using var engine = await LoopEngine.StartAsync(
            r =>
            {
                steps.Register(r);
                r.AddEntity<BudgetPool>(BudgetPool.EntityName);
            },
            services: s => s.AddSingleton(TimeProvider.System).AddOptions<LoopRunnerOptions>()
                .Configure(o => o.Pools["team-a"] = new BudgetPoolOptions { Period = PoolPeriod.None, MaxTokens = (2 * AttemptWorstCase) + 1_000 }));
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        await engine.Client.ScheduleNewOrchestrationInstanceAsync(LoopActivityNames.Orchestrator, new LoopRunInput("fix-tests"), new StartOrchestrationOptions("run-1"), cts.Token);
        var done = await engine.Client.WaitForInstanceCompletionAsync("run-1", true, cts.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var result = done.ReadOutputAs<LoopResult>()!;
        Assert.Equal(LoopOutcome.Verified, result.Outcome);
        // The pool held two attempts' worst cases, not three: the third never started.
        Assert.Equal(["1/1", "1/2"], steps.AgentRuns.Order(StringComparer.Ordinal));
        Assert.Equal([1, 2], result.Iterations[0].Attempts.Select(a => a.Index));
        var state = await PoolEngineTests.PoolStateAsync(engine.Client, s => s.Reservations.Count == 0 && s.SpentTokens == 400, cts.Token);
        Assert.Equal(400, state.SpentTokens);
        Assert.Equal(["run-1/1/1", "run-1/1/2"], state.RecentlySettled.Order(StringComparer.Ordinal));
    }
}
