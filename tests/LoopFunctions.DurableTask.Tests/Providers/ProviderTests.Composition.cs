using LoopFunctions.DurableTask.Tests.TestSupport;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.DurableTask.Tests.Providers;

public abstract partial class ProviderTests
{
    [Fact]
    public async Task CallSubOrchestratorAsync_Child_SeesParentAndReturnsOutput()
    {
        var host = await StartAsync(r => r
            .AddActivityFunc<int, int>("Double", (_, x) => x * 2)
            .AddOrchestratorFunc<int, string>("Child", async (ctx, x) =>
                $"{await ctx.CallActivityAsync<int>("Double", x)}|{ctx.Parent?.Name}|{ctx.Parent?.InstanceId}")
            .AddOrchestratorFunc<string>("Parent", async ctx =>
            {
                var a = await ctx.CallSubOrchestratorAsync<string>("Child", 10);
                var b = await ctx.CallSubOrchestratorAsync<string>("Child", 11, new SubOrchestrationOptions { InstanceId = "explicit-child" });
                return a + ";" + b + ";" + (ctx.Parent is null ? "no parent" : "has parent");
            }));

        var result = await host.RunAsync("Parent", null, "parent-1");
        var child = await host.Client.GetInstanceAsync("explicit-child");

        Assert.Equal("20|Parent|parent-1;22|Parent|parent-1;no parent", result.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, child!.RuntimeStatus);
    }

    [Fact]
    public async Task CallSubOrchestratorAsync_ExtendedSessions_ChildSeesParentAndIsBuiltOncePerSession()
    {
        var built = 0;
        var host = await StartAsync(
            r => r
                .AddActivityFunc<int, int>("Inc", (_, x) => x + 1)
                .AddOrchestrator("Child", () =>
                {
                    Interlocked.Increment(ref built);
                    return new CountingChild();
                })
                .AddOrchestratorFunc<string>("Parent", ctx => ctx.CallSubOrchestratorAsync<string>("Child", 0, new SubOrchestrationOptions { InstanceId = "session-child" })),
            extendedSessions: true);

        var result = await host.RunAsync("Parent", null, "session-parent");

        Assert.Equal("3|session-parent", result.ReadOutputAs<string>());

        // Three activity results came back in three work items; a session resume must not build the child again.
        Assert.Equal(1, built);
    }

    [Fact]
    public async Task CallSubOrchestratorAsync_ChildFails_ParentSeesTaskFailedException()
    {
        var host = await StartAsync(r => r
            .AddOrchestratorFunc<string>("Child", _ => Throw<string>(new InvalidOperationException("child broke")))
            .AddOrchestratorFunc<string>("Parent", async ctx =>
            {
                try
                {
                    return await ctx.CallSubOrchestratorAsync<string>("Child");
                }
                catch (TaskFailedException ex)
                {
                    return $"{ex.FailureDetails.ErrorType}|{ex.FailureDetails.ErrorMessage}";
                }
            }));

        var result = await host.RunAsync("Parent");

        Assert.Equal("System.InvalidOperationException|child broke", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ContinueAsNew_CountsUp_CompletesWithFreshHistory()
    {
        var host = await StartAsync(r => r
            .AddActivityFunc<int, int>("Inc", (_, x) => x + 1)
            .AddOrchestratorFunc<int, int>("Counter", async (ctx, n) =>
            {
                var next = await ctx.CallActivityAsync<int>("Inc", n);
                if (next < 5)
                {
                    ctx.ContinueAsNew(next);
                }

                return next;
            }));

        var result = await host.RunAsync("Counter", 0);
        var history = await host.Client.GetOrchestrationHistoryAsync(result.InstanceId);

        Assert.Equal(5, result.ReadOutputAs<int>());
        Assert.Equal(4, result.ReadInputAs<int>());
        Assert.Single(history.OfType<global::DurableTask.Core.History.ExecutionStartedEvent>());
        Assert.Single(history.OfType<global::DurableTask.Core.History.TaskScheduledEvent>());
    }

    [Fact]
    public async Task ContinueAsNew_PreserveUnprocessedEvents_CarriesBufferedEvents()
    {
        var host = await StartAsync(
            r => r.AddOrchestratorFunc<int, string>("Eternal", async (ctx, generation) =>
            {
                if (generation == 0)
                {
                    ctx.ContinueAsNew(1, preserveUnprocessedEvents: true);
                    return "restarting";
                }

                return await ctx.WaitForExternalEvent<string>("carry");
            }),
            startWorker: false);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Eternal", 0);
        await host.Client.RaiseEventAsync(id, "carry", "kept");
        await host.Worker.StartAsync(CancellationToken.None);
        var result = await host.WaitAsync(id);

        Assert.Equal("kept", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task SetCustomStatus_WhileRunning_IsVisibleToClients()
    {
        var host = await StartAsync(r => r
            .AddOrchestratorFunc<string>("Reporter", async ctx =>
            {
                ctx.SetCustomStatus(new { phase = "waiting", iteration = 3 });
                return await ctx.WaitForExternalEvent<string>("done");
            }));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Reporter");
        var running = await host.WaitUntilAsync(id, m => m.SerializedCustomStatus is not null);
        await host.Client.RaiseEventAsync(id, "done", "ok");
        await host.WaitAsync(id);

        Assert.Equal("""{"phase":"waiting","iteration":3}""", running.SerializedCustomStatus);
    }

    [Fact]
    public async Task Replay_EveryEpisodeReplayed_TimeGuidsAndIsReplayingDeterministic()
    {
        var starts = new List<bool>();
        var host = await StartAsync(
            r => r
                .AddActivityFunc<string, string>("Echo", (_, s) => s)
                .AddOrchestratorFunc<string>("Determinism", async ctx =>
                {
                    lock (starts)
                    {
                        starts.Add(ctx.IsReplaying);
                    }

                    var first = $"{ctx.NewGuid()}@{ctx.CurrentUtcDateTime:O}";
                    var echoed = await ctx.CallActivityAsync<string>("Echo", first);
                    var second = $"{ctx.NewGuid()}@{ctx.CurrentUtcDateTime:O}";
                    var echoedSecond = await ctx.CallActivityAsync<string>("Echo", second);
                    var replayingAtEnd = ctx.IsReplaying;
                    return $"{echoed == first}|{echoedSecond == second}|{first != second}|{replayingAtEnd}";
                }),
            extendedSessions: false);

        var result = await host.RunAsync("Determinism");

        Assert.Equal("True|True|True|False", result.ReadOutputAs<string>());

        // Three episodes (start, two activity results), each a full replay: only the first starts fresh.
        Assert.Equal([false, true, true], starts);
    }

    [Fact]
    public async Task CreateReplaySafeLogger_EpisodesReplayed_LogsEachLineOnce()
    {
        var loggers = new CapturingLoggerFactory();
        var host = await StartAsync(
            r => r
                .AddActivityFunc<int, int>("Inc", (_, x) => x + 1)
                .AddOrchestratorFunc<int>("Logged", async ctx =>
                {
                    var log = ctx.CreateReplaySafeLogger("ReplaySafe");
                    log.LogInformation("step 1");
                    var x = await ctx.CallActivityAsync<int>("Inc", 0);
                    log.LogInformation("step 2");
                    x = await ctx.CallActivityAsync<int>("Inc", x);
                    log.LogInformation("step 3");
                    return x;
                }),
            extendedSessions: false,
            services: s => s.AddSingleton<ILoggerFactory>(loggers));

        var result = await host.RunAsync("Logged");

        Assert.Equal(2, result.ReadOutputAs<int>());
        Assert.Equal(["step 1", "step 2", "step 3"], loggers.Messages("ReplaySafe"));
    }

    [Fact]
    public async Task Replay_CodeChangedWhileInstanceWaits_InstanceFailsNamingBothActions()
    {
        var host = await StartAsync(
            r => r
                .AddActivityFunc<string, string>("Build", (_, s) => s)
                .AddOrchestratorFunc<string>("Deploy", async ctx =>
                {
                    await ctx.CallActivityAsync<string>("Build", "v1");
                    return await ctx.WaitForExternalEvent<string>("go");
                }),
            extendedSessions: false);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Deploy");
        await host.WaitForHistoryAsync(id, h => h.OfType<global::DurableTask.Core.History.TaskCompletedEvent>().Any()
            && h.OfType<global::DurableTask.Core.History.OrchestratorCompletedEvent>().Count() >= 2);

        var changed = await RestartAsync(host, r => r
            .AddActivityFunc<string, string>("Compile", (_, s) => s)
            .AddOrchestratorFunc<string>("Deploy", async ctx =>
            {
                await ctx.CallActivityAsync<string>("Compile", "v2");
                return await ctx.WaitForExternalEvent<string>("go");
            }));
        await changed.Client.RaiseEventAsync(id, "go", "now");
        var result = await changed.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(typeof(global::DurableTask.Core.Exceptions.NonDeterministicOrchestrationException).FullName, result.FailureDetails!.ErrorType);
        Assert.Contains("'Build'", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("'Compile'", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    private sealed class CountingChild : TaskOrchestrator<int, string>
    {
        public override async Task<string> RunAsync(TaskOrchestrationContext context, int input)
        {
            var x = input;
            for (var i = 0; i < 3; i++)
            {
                x = await context.CallActivityAsync<int>("Inc", x);
            }

            return $"{x}|{context.Parent?.InstanceId}";
        }
    }
}
