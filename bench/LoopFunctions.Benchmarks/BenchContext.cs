using System.Diagnostics;
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
    private readonly DurableTaskWorker _worker;
    private readonly IAsyncDisposable? _storeDisposable;

    private BenchContext(IDurableStore store, DurableTaskWorker worker, DurableTaskClient client, string folder)
    {
        Store = store;
        _worker = worker;
        Client = client;
        Folder = folder;
        _storeDisposable = store as IAsyncDisposable;
    }

    public IDurableStore Store { get; }

    public DurableTaskClient Client { get; }

    public string Folder { get; }

    public static async Task<BenchContext> StartAsync(string provider, Action<DurableTaskRegistry> tasks)
    {
        var folder = Directory.CreateTempSubdirectory("loopfn-bench-").FullName;
        IDurableStore store = StoreFactory.Create(provider, folder);
        if (Environment.GetEnvironmentVariable("LOOPFN_BENCH_PROFILE") == "1")
        {
            store = new TimingStore(store);
        }

        var registry = new DurableTaskRegistry();
        tasks(registry);
        var options = Options.Create(new DurableTaskOptions());
        var worker = new DurableTaskWorker(store, registry, new ServiceCollection().BuildServiceProvider(), options);
        await worker.StartAsync(CancellationToken.None);
        return new BenchContext(store, worker, new DurableTaskClient(store, options), folder);
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

        await _worker.StopAsync(CancellationToken.None);
        await _worker.DisposeAsync();
        if (_storeDisposable is not null)
        {
            await _storeDisposable.DisposeAsync();
        }

        Directory.Delete(Folder, recursive: true);
    }
}
