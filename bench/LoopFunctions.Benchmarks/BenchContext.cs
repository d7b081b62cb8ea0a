using System.Diagnostics;
using LoopFunctions.Benchmarks.Azure;
using LoopFunctions.Durable;
using LoopFunctions.Durable.Client;
using LoopFunctions.Durable.Storage;
using LoopFunctions.Durable.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Benchmarks;

/// <summary>A store, worker and client for one scenario run, on the engine's default settings.</summary>
internal sealed class BenchContext : IAsyncDisposable
{
    private readonly DurableTaskWorker? _worker;
    private readonly WorkerPool? _pool;
    private readonly IAsyncDisposable? _storeDisposable;

    private BenchContext(IDurableStore store, DurableTaskWorker? worker, WorkerPool? pool, DurableTaskClient client, string folder)
    {
        Store = store;
        _worker = worker;
        _pool = pool;
        Client = client;
        Folder = folder;
        _storeDisposable = store as IAsyncDisposable;
    }

    public IDurableStore Store { get; }

    public DurableTaskClient Client { get; }

    public string Folder { get; }

    /// <summary>"processes" when the workers are child processes (azure), else "in-process".</summary>
    public static string WorkersMode(string provider, string scenario) =>
        provider == "azure" && BenchSettings.WorkerScenarios.ContainsKey(scenario) ? "processes" : "in-process";

    /// <summary>With <paramref name="scenario"/> on azure the workers are <see cref="BenchSettings.Workers"/> child
    /// processes on a fresh hub and this process is only the client; otherwise one worker runs in this process.</summary>
    public static async Task<BenchContext> StartAsync(string provider, Action<DurableTaskRegistry> tasks, string scenario = "")
    {
        var folder = Directory.CreateTempSubdirectory("loopfn-bench-").FullName;
        var hub = "bench" + Guid.NewGuid().ToString("N")[..16];
        IDurableStore store = StoreFactory.Create(provider, folder, hub);
        var options = Options.Create(new DurableTaskOptions { HubName = hub });
        if (WorkersMode(provider, scenario) == "processes")
        {
            var pool = await WorkerPool.StartAsync(scenario, hub, BenchSettings.Workers, BenchSettings.AzureConnectionString!);
            return new BenchContext(store, null, pool, new DurableTaskClient(store, options), folder);
        }

        if (BenchSettings.Workers != 1)
        {
            throw new ArgumentException($"--workers {BenchSettings.Workers} needs --provider azure and one of: {string.Join(", ", BenchSettings.WorkerScenarios.Keys)}.");
        }

        if (Environment.GetEnvironmentVariable("LOOPFN_BENCH_PROFILE") == "1")
        {
            store = new TimingStore(store);
        }

        var registry = new DurableTaskRegistry();
        tasks(registry);
        var worker = new DurableTaskWorker(store, registry, new ServiceCollection().BuildServiceProvider(), options);
        await worker.StartAsync(CancellationToken.None);
        return new BenchContext(store, worker, null, new DurableTaskClient(store, options), folder);
    }

    public async Task<OrchestrationMetadata> WaitAsync(string id) =>
        await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);

    public static double RssMegabytes()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return Math.Round(process.WorkingSet64 / 1024.0 / 1024.0, 1);
    }

    public async ValueTask DisposeAsync()
    {
        if (Store is TimingStore timing)
        {
            Console.Error.WriteLine("profile: " + timing.Report());
        }

        if (_worker is not null)
        {
            await _worker.StopAsync(CancellationToken.None);
            await _worker.DisposeAsync();
        }

        if (_pool is not null)
        {
            await _pool.DisposeAsync();
        }
        if (_storeDisposable is not null)
        {
            await _storeDisposable.DisposeAsync();
        }

        Directory.Delete(Folder, recursive: true);
    }
}
