using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Budget;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Tests.TestSupport;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary>
/// Budget pools on the real engine (DTFx on SQLite, the <see cref="BudgetPool"/> entity dispatched by the worker):
/// many loops racing for one pool never overspend it, because the entity runs one reserve at a time.
/// </summary>
public sealed class PoolEngineTests
{
    // The fake agent step's worst case: max_output_tokens 1,000 plus the goal's estimate (20 characters / 4) and the
    // prompt's 1,000. Its actual spend is 2 × (2,005 / 2) = 2,004 tokens and $2.005.
    private const long StepWorstCase = 2_005;
    private const long StepTokens = 2_004;

    [Fact]
    public async Task RunAsync_TwentyLoopsOnAPoolCoveringTen_ExactlyTenStepsRunAndTheRestStopBeforeSpending()
    {
        var steps = new FakeLoopSteps
        {
            Plan = FakeLoopSteps.DefaultPlan(l => l with { MaxIterations = 1, Pool = "team-a" }),
            Script = [(StepWorstCase, true, 0)],
        };
        await using var engine = await StartAsync(steps, 10 * StepWorstCase);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ids = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            engine.Client.ScheduleNewOrchestrationInstanceAsync(LoopActivityNames.Orchestrator, new LoopRunInput("fix-tests"), new StartOrchestrationOptions($"run-{i}"), cts.Token)));

        var done = await Task.WhenAll(ids.Select(id => engine.Client.WaitForInstanceCompletionAsync(id, true, cts.Token)));

        Assert.All(done, d => Assert.Equal(OrchestrationRuntimeStatus.Completed, d.RuntimeStatus));
        var results = done.Select(d => d.ReadOutputAs<LoopResult>()!).ToList();
        Assert.Equal(10, steps.FeedbackSeen.Count);
        Assert.Equal(10, results.Count(r => r.Outcome == LoopOutcome.Verified));
        var stopped = results.Where(r => r.Outcome == LoopOutcome.BudgetExhausted).ToList();
        Assert.Equal(10, stopped.Count);
        Assert.All(stopped, r =>
        {
            Assert.Contains("pool 'team-a'", r.Reason, StringComparison.Ordinal);
            Assert.Empty(r.Iterations);
            Assert.Equal(0, r.Spent.TotalTokens);
        });

        // Settles and releases are signals the runs sent on their way out: wait for the entity to have applied them.
        var state = await PoolStateAsync(engine.Client, s => s.SpentTokens == 10 * StepTokens && s.Reservations.Count == 0, cts.Token);
        Assert.Equal((10 * StepTokens, 10 * 2.005m, 0L), (state.SpentTokens, state.SpentUsd, state.ReservedTokens()));
        Assert.Equal(10, state.ByLoop["fix-tests"].Steps);
    }

    [Fact]
    public async Task RunAsync_StepFindsItsReservationFreed_ReservesAgainAndSettlesTheNewHold()
    {
        var steps = new FakeLoopSteps
        {
            Plan = FakeLoopSteps.DefaultPlan(l => l with { MaxIterations = 1, Pool = "team-a" }),
            Script = [(StepWorstCase, true, 0)],
            ReservationLost = id => !id.EndsWith("#r2", StringComparison.Ordinal),
        };
        await using var engine = await StartAsync(steps, 10 * StepWorstCase);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var result = await RunAsync(engine, "run-1", cts.Token);

        Assert.Equal(LoopOutcome.Verified, result.Outcome);
        Assert.Single(steps.FeedbackSeen);
        var state = await PoolStateAsync(engine.Client, s => s.Reservations.Count == 0 && s.SpentTokens > 0, cts.Token);
        Assert.Equal(StepTokens, state.SpentTokens);
        // The first hold was never freed here (only the step said so); the run's release at its end frees it.
        Assert.Equal(["run-1/1/1#r2"], state.RecentlySettled);
    }

    [Fact]
    public async Task RunAsync_StepLosesEveryReservation_StopsBudgetExhaustedAfterThreeReReserves()
    {
        var steps = new FakeLoopSteps
        {
            Plan = FakeLoopSteps.DefaultPlan(l => l with { MaxIterations = 1, Pool = "team-a" }),
            ReservationLost = _ => true,
        };
        await using var engine = await StartAsync(steps, 10 * StepWorstCase);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var result = await RunAsync(engine, "run-1", cts.Token);

        Assert.Equal(LoopOutcome.BudgetExhausted, result.Outcome);
        Assert.Contains("pool 'team-a': the step's reservation was freed 4 times", result.Reason, StringComparison.Ordinal);
        Assert.Empty(steps.FeedbackSeen);
        Assert.Empty(result.Iterations);
        var state = await PoolStateAsync(engine.Client, s => s.Reservations.Count == 0, cts.Token);
        Assert.Equal(0, state.SpentTokens);
    }

    [Fact]
    public async Task Rewind_PooledRunFailedInItsAgentStep_ReleasedFirstThenTheStepReservesAgainAndSettles()
    {
        LoopEngine? started = null;
        var steps = new FakeLoopSteps
        {
            Plan = FakeLoopSteps.DefaultPlan(l => l with { MaxIterations = 1, Pool = "team-a" }),
            Script = [(StepWorstCase, true, 0)],
            FailingAgentCalls = 3, // the step and its retries (LoopSteps.StepAttempts)
            // As RunAgentActivity checks (BudgetPoolReader): is the hold in the pool's stored state?
            ReservationLost = id => !new BudgetPoolReader(new Services(started!.Client)).IsHeldAsync("team-a", id, CancellationToken.None).GetAwaiter().GetResult(),
        };
        await using var engine = started = await StartAsync(steps, 10 * StepWorstCase);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await engine.Client.ScheduleNewOrchestrationInstanceAsync(LoopActivityNames.Orchestrator, new LoopRunInput("fix-tests"), new StartOrchestrationOptions("run-1"), cts.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await engine.Client.WaitForInstanceCompletionAsync("run-1", cts.Token)).RuntimeStatus);

        Assert.Equal(["team-a"], await BudgetPools.ReleaseRunAsync(engine.Client, "run-1", cancellationToken: cts.Token));
        Assert.Empty((await PoolStateAsync(engine.Client, _ => true, cts.Token)).Reservations);
        await engine.Client.RewindInstanceAsync("run-1", "test", cts.Token);
        var done = await WaitForEndAfterRewindAsync(engine.Client, "run-1", cts.Token);

        Assert.Equal(LoopOutcome.Verified, done.ReadOutputAs<LoopResult>()!.Outcome);
        var state = await PoolStateAsync(engine.Client, s => s.Reservations.Count == 0 && s.SpentTokens > 0, cts.Token);
        Assert.Equal((StepTokens, 1), (state.SpentTokens, state.ByLoop["fix-tests"].Steps));
        Assert.Equal(["run-1/1/1#r2"], state.RecentlySettled);
    }

    private static async Task<OrchestrationMetadata> WaitForEndAfterRewindAsync(DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await client.GetInstanceAsync(id, true, cancellationToken) is { RuntimeStatus: OrchestrationRuntimeStatus.Completed } done)
            {
                return done;
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private static Task<LoopEngine> StartAsync(FakeLoopSteps steps, long maxTokens) => LoopEngine.StartAsync(
        r =>
        {
            steps.Register(r);
            r.AddEntity<BudgetPool>(BudgetPool.EntityName);
        },
        services: s => s.AddSingleton(TimeProvider.System).AddOptions<LoopRunnerOptions>()
            .Configure(o => o.Pools["team-a"] = new BudgetPoolOptions { Period = PoolPeriod.None, MaxTokens = maxTokens }));

    private static async Task<LoopResult> RunAsync(LoopEngine engine, string id, CancellationToken cancellationToken)
    {
        await engine.Client.ScheduleNewOrchestrationInstanceAsync(LoopActivityNames.Orchestrator, new LoopRunInput("fix-tests"), new StartOrchestrationOptions(id), cancellationToken);
        var done = await engine.Client.WaitForInstanceCompletionAsync(id, true, cancellationToken);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        return done.ReadOutputAs<LoopResult>()!;
    }

    private sealed class Services(DurableTaskClient client) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(DurableTaskClient) ? client : null;
    }

    /// <summary>The pool's state as the store has it, once <paramref name="settled"/> holds (or the deadline passes,
    /// which fails the test with the last state read).</summary>
    internal static async Task<BudgetPoolState> PoolStateAsync(DurableTaskClient client, Func<BudgetPoolState, bool> settled, CancellationToken cancellationToken)
    {
        while (true)
        {
            var entity = await client.Entities.GetEntityAsync<BudgetPoolState>(PoolEntity.Id("team-a"), cancellationToken);
            if (entity?.State is { } state && (settled(state) || cancellationToken.IsCancellationRequested))
            {
                return state;
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}
