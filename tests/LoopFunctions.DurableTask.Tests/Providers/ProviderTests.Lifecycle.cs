using DurableTask.Core.History;
using LoopFunctions.DurableTask.Tests.TestSupport;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LoopFunctions.DurableTask.Tests.Providers;

public abstract partial class ProviderTests
{
    [Fact]
    public async Task StopAsync_ActivityRunning_AbandonedNotFailedAndRerunAfterRestart()
    {
        var probe = new StopProbe();
        var host = await StartAsync(
            r => r
                .AddActivity<StoppableActivity>("Stoppable")
                .AddOrchestratorFunc<string>("Patient", ctx => ctx.CallActivityAsync<string>("Stoppable", TaskOptions.FromRetryPolicy(new RetryPolicy(2, TimeSpan.FromMilliseconds(10))))),
            services: s => s.AddSingleton(probe));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Patient");
        await probe.FirstRunStarted.WaitAsync(TestHost.Deadline);

        await host.Worker.StopAsync(CancellationToken.None);
        var whileStopped = await host.Client.GetInstanceAsync(id);
        var historyWhileStopped = await host.Client.GetOrchestrationHistoryAsync(id);
        var restarted = await RestartAsync(host);
        var result = await restarted.WaitAsync(id);
        var history = await restarted.Client.GetOrchestrationHistoryAsync(id);

        Assert.True(probe.SawStoppingSignal);
        Assert.Equal(OrchestrationRuntimeStatus.Running, whileStopped!.RuntimeStatus);
        Assert.Empty(historyWhileStopped.OfType<TaskFailedEvent>());
        Assert.Equal("finished on run 2", result.ReadOutputAs<string>());
        Assert.Equal(2, probe.Runs);
        Assert.Empty(history.OfType<TaskFailedEvent>());
        Assert.Single(history.OfType<TaskScheduledEvent>());
        Assert.Single(history.OfType<TaskCompletedEvent>());
    }

    [Fact]
    public async Task StartAsync_SameWorkerAfterStop_RefusedWithAClearMessage()
    {
        var host = await StartAsync(r => r.AddOrchestratorFunc<int, int>("Echo", (_, x) => Task.FromResult(x)));
        await host.RunAsync("Echo", 1);

        await host.Worker.StopAsync(CancellationToken.None);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Worker.StartAsync(CancellationToken.None));

        Assert.False(host.Worker.IsRunning);
        Assert.Contains("build a new service provider", ex.Message, StringComparison.Ordinal);
    }

    internal sealed class StopProbe
    {
        private readonly TaskCompletionSource _firstRun = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _runs;

        public Task FirstRunStarted => _firstRun.Task;

        public int Runs => Volatile.Read(ref _runs);

        public bool SawStoppingSignal { get; set; }

        public int Started()
        {
            var run = Interlocked.Increment(ref _runs);
            _firstRun.TrySetResult();
            return run;
        }
    }

    /// <summary>Depends on the standard <see cref="IHostApplicationLifetime"/> only, as loop activities do; in this plain
    /// container (the CLI's case) it is the worker's stopping signal.</summary>
    internal sealed class StoppableActivity(IHostApplicationLifetime lifetime, StopProbe probe) : TaskActivity<string?, string>
    {
        public override async Task<string> RunAsync(TaskActivityContext context, string? input)
        {
            var run = probe.Started();
            if (run == 1)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping);
                }
                catch (OperationCanceledException)
                {
                    probe.SawStoppingSignal = true;
                    throw;
                }
            }

            return $"finished on run {run}";
        }
    }
}
