using DurableTask.Core.History;
using LoopFunctions.DurableTask.Hosting;
using LoopFunctions.DurableTask.Tests.TestSupport;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using LoopFunctions.DurableTask.AzureStorage;

namespace LoopFunctions.DurableTask.Tests.Hosting;

/// <summary>The worker as a hosted service in a generic host, on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class GenericHostTests(AzuriteFixture azurite)
{
    private readonly AzureStorageTestHubs _hubs = new(azurite);

    [Fact]
    public async Task AddWorker_HostStopsWhileActivityWaitsOnApplicationStopping_ActivityRerunsInTheNextHost()
    {
        var hub = _hubs.NewHubName();
        var runs = new RunCounter();
        string id;
        using (var first = Build(hub, runs))
        {
            await first.StartAsync();
            var client = first.Services.GetRequiredService<DurableTaskClient>();
            id = await client.ScheduleNewOrchestrationInstanceAsync("Hosted", "x");
            await runs.FirstRun.WaitAsync(TestHost.Deadline);
            await first.StopAsync();
        }

        using var second = Build(hub, runs);
        await second.StartAsync();
        var secondClient = second.Services.GetRequiredService<DurableTaskClient>();
        using var deadline = new CancellationTokenSource(TestHost.Deadline);
        var result = await secondClient.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, deadline.Token);
        var history = await secondClient.GetOrchestrationHistoryAsync(id);
        await second.StopAsync();

        Assert.Equal("run 2 of x", result.ReadOutputAs<string>());
        Assert.Empty(history.OfType<TaskFailedEvent>());
    }

    private IHost Build(string hub, RunCounter runs)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(runs);
        builder.Services.AddDurableTaskEngine()
            .UseAzureStorage(_hubs.ConnectionString, s => AzureStorageTestHubs.Fast(s, hub, extendedSessions: null))
            .AddTasks(r => r.AddActivity<WaitsForShutdown>("WaitsForShutdown"))
            .AddTasks(r => r.AddOrchestratorFunc<string, string>("Hosted", (ctx, input) => ctx.CallActivityAsync<string>("WaitsForShutdown", input)))
            .AddWorker();
        return builder.Build();
    }

    internal sealed class RunCounter
    {
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _runs;

        public Task FirstRun => _first.Task;

        public int Next()
        {
            _first.TrySetResult();
            return Interlocked.Increment(ref _runs);
        }
    }

    /// <summary>Uses the host's own stopping token, not the worker's: the worker must still treat it as a stop.</summary>
    internal sealed class WaitsForShutdown(IHostApplicationLifetime lifetime, RunCounter runs) : TaskActivity<string, string>
    {
        public override async Task<string> RunAsync(TaskActivityContext context, string input)
        {
            var run = runs.Next();
            if (run == 1)
            {
                await Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping);
            }

            return $"run {run} of {input}";
        }
    }
}
