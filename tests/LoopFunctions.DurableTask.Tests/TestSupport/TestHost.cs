using LoopFunctions.DurableTask.Hosting;
using LoopFunctions.DurableTask.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.DurableTask.Tests.TestSupport;

/// <summary>A container with a backend, tasks, a started worker and the client, built like a host process builds
/// it; <see cref="RestartAsync"/> stops it and builds a new one on the same store, as the next process would.</summary>
internal sealed class TestHost : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly TestHostSpec _spec;

    private TestHost(TestHostSpec spec, ServiceProvider services)
    {
        _spec = spec;
        Services = services;
        Worker = services.GetRequiredService<DurableEngineWorker>();
        Client = services.GetRequiredService<DurableTaskClient>();
    }

    public ServiceProvider Services { get; }

    public DurableEngineWorker Worker { get; }

    public DurableTaskClient Client { get; }

    public static async Task<TestHost> StartAsync(TestHostSpec spec, bool startWorker = true)
    {
        var services = new ServiceCollection();
        spec.Services?.Invoke(services);
        var builder = services.AddDurableTaskEngine(o =>
        {
            o.MaxStatusPollingInterval = TimeSpan.FromMilliseconds(100);
            spec.Options?.Invoke(o);
        });
        spec.Backend(builder);
        builder.AddTasks(spec.Tasks).AddWorker();
        var host = new TestHost(spec, services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        if (startWorker)
        {
            using var cts = new CancellationTokenSource(Deadline);
            await host.Worker.StartAsync(cts.Token);
        }

        return host;
    }

    /// <summary>Stops this host (gracefully) and starts a new one on the same store.</summary>
    public async Task<TestHost> RestartAsync(Func<TestHostSpec, TestHostSpec>? change = null)
    {
        await DisposeAsync();
        return await StartAsync((change ?? (s => s))(_spec));
    }

    public async Task<OrchestrationMetadata> RunAsync(TaskName orchestrator, object? input = null, string? instanceId = null)
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId));
        return await WaitAsync(id);
    }

    public async Task<OrchestrationMetadata> WaitAsync(string instanceId)
    {
        using var cts = new CancellationTokenSource(Deadline);
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
    }

    /// <summary>Polls until <paramref name="condition"/> holds for the instance, or fails at the deadline.</summary>
    public async Task<OrchestrationMetadata> WaitUntilAsync(string instanceId, Func<OrchestrationMetadata, bool> condition)
    {
        using var cts = new CancellationTokenSource(Deadline);
        while (true)
        {
            var metadata = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cts.Token);
            if (metadata is not null && condition(metadata))
            {
                return metadata;
            }

            await Task.Delay(20, cts.Token);
        }
    }

    /// <summary>Polls the history until <paramref name="condition"/> holds, or fails at the deadline.</summary>
    public async Task<IList<global::DurableTask.Core.History.HistoryEvent>> WaitForHistoryAsync(string instanceId, Func<IList<global::DurableTask.Core.History.HistoryEvent>, bool> condition)
    {
        using var cts = new CancellationTokenSource(Deadline);
        while (true)
        {
            var history = await Client.GetOrchestrationHistoryAsync(instanceId, cts.Token);
            if (condition(history))
            {
                return history;
            }

            await Task.Delay(20, cts.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await Worker.StopAsync(cts.Token);
        await Services.DisposeAsync();
    }
}
