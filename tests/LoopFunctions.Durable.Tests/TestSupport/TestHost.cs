using LoopFunctions.Durable.Client;
using LoopFunctions.Durable.Storage;
using LoopFunctions.Durable.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Durable.Tests.TestSupport;

/// <summary>A worker and a client on one store, started and stopped like a host process would.</summary>
internal sealed class TestHost : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private TestHost(IDurableStore store, DurableTaskWorker worker, DurableTaskClient client)
    {
        Store = store;
        Worker = worker;
        Client = client;
    }

    public IDurableStore Store { get; }

    public DurableTaskWorker Worker { get; }

    public DurableTaskClient Client { get; }

    public static DurableTaskOptions FastOptions(Action<DurableTaskOptions>? configure = null)
    {
        var options = new DurableTaskOptions { MaxQueuePollingInterval = TimeSpan.FromMilliseconds(50) };
        configure?.Invoke(options);
        return options;
    }

    public static async Task<TestHost> StartAsync(IDurableStore store, Action<DurableTaskRegistry> tasks, Action<DurableTaskOptions>? configure = null, TimeProvider? time = null, bool startWorker = true)
    {
        var registry = new DurableTaskRegistry();
        tasks(registry);
        var options = Options.Create(FastOptions(configure));
        var services = new ServiceCollection().BuildServiceProvider();
        var worker = new DurableTaskWorker(store, registry, services, options, timeProvider: time);
        var client = new DurableTaskClient(store, options, timeProvider: time);
        await store.CreateIfNotExistsAsync();
        if (startWorker)
        {
            await worker.StartAsync(CancellationToken.None);
        }

        return new TestHost(store, worker, client);
    }

    public async Task<OrchestrationMetadata> RunAsync(string orchestrator, object? input = null, string? instanceId = null)
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

            await Task.Delay(10, cts.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Worker.StopAsync(CancellationToken.None);
        await Worker.DisposeAsync();
    }
}
