using System.Diagnostics;
using LoopFunctions.Benchmarks.Azure;
using LoopFunctions.Benchmarks.Profiling;
using LoopFunctions.Benchmarks.Scenarios;
using LoopFunctions.DurableTask.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.Benchmarks.Hosting;

/// <summary>
/// The worker(s) and the client of one scenario run, on a fresh task hub. SQLite: one container in this process runs
/// the worker and the client on a new file. Azure Storage: <see cref="BenchOptions.Workers"/> worker processes
/// (<see cref="WorkerPool"/>) and a client-only container here. Also meters the CPU the workers, the client and the
/// storage emulator spend.
/// </summary>
internal sealed class BenchContext : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly DurableEngineWorker? _worker;
    private readonly WorkerPool? _pool;
    private readonly string _folder;

    private BenchContext(BenchOptions options, ServiceProvider services, DurableEngineWorker? worker, WorkerPool? pool, string folder)
    {
        Options = options;
        _services = services;
        _worker = worker;
        _pool = pool;
        _folder = folder;
        Client = services.GetRequiredService<DurableTaskClient>();
    }

    public BenchOptions Options { get; }

    public DurableTaskClient Client { get; }

    public static async Task<BenchContext> StartAsync(BenchOptions options, Scenario scenario)
    {
        var folder = Directory.CreateTempSubdirectory("loopfn-bench-").FullName;
        var hub = "bench" + Guid.NewGuid().ToString("N")[..16];
        var path = Path.Combine(folder, "bench.db");
        if (options.IsAzure)
        {
            var client = BenchHost.Build(options, hub, path, scenario.Register, worker: false);
            WorkerPool? pool = null;
            try
            {
                // The client creates the hub first, so the workers do not race to create the same tables and queues.
                await client.GetRequiredService<DurableTaskClient>().GetInstanceAsync("warm-up-no-such-instance");
                pool = await WorkerPool.StartAsync(options, scenario.Name, hub);
                return new BenchContext(options, client, null, pool, folder);
            }
            catch
            {
                if (pool is not null)
                {
                    await pool.DisposeAsync();
                }

                await client.DisposeAsync();
                throw;
            }
        }

        var services = BenchHost.Build(options, hub, path, scenario.Register, worker: true);
        var worker = services.GetRequiredService<DurableEngineWorker>();
        await worker.StartAsync(CancellationToken.None);
        return new BenchContext(options, services, worker, null, folder);
    }

    public async Task<OrchestrationMetadata> WaitAsync(string id)
    {
        var result = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);
        return result.RuntimeStatus == OrchestrationRuntimeStatus.Completed
            ? result
            : throw new InvalidOperationException($"{id} is {result.RuntimeStatus}: {result.FailureDetails}");
    }

    /// <summary>CPU time so far of the workers, the client and the storage emulator.</summary>
    public CpuMark MarkCpu()
    {
        var own = ProcessCpu.Current();
        return _pool is null
            ? new CpuMark(own, TimeSpan.Zero, TimeSpan.Zero)
            : new CpuMark(_pool.CpuTime(), own, Options.Azurite?.CpuTime() ?? TimeSpan.Zero);
    }

    /// <summary>Adds the CPU spent since <paramref name="since"/>, per 1,000 activities, to <paramref name="result"/>.</summary>
    public BenchResult WithCpu(BenchResult result, CpuMark since, long activities)
    {
        ArgumentNullException.ThrowIfNull(result);
        var now = MarkCpu();
        var workers = (now.Workers - since.Workers).TotalSeconds;
        result.Extra["activities"] = activities;
        result.Extra["worker_cpu_s"] = Math.Round(workers, 2);
        result.Extra["worker_cpu_s_per_1k"] = activities > 0 ? Math.Round(workers * 1000 / activities, 3) : null;
        if (_pool is null)
        {
            result.Extra["cpu_scope"] = "benchmark process: worker, client and SQLite together";
        }
        else
        {
            var storage = (now.Storage - since.Storage).TotalSeconds;
            result.Extra["cpu_scope"] = "worker processes; client and storage apart";
            result.Extra["client_cpu_s"] = Math.Round((now.Client - since.Client).TotalSeconds, 2);
            result.Extra["storage_cpu_s"] = Math.Round(storage, 2);
            result.Extra["storage_cpu_s_per_1k"] = activities > 0 ? Math.Round(storage * 1000 / activities, 3) : null;
        }

        return result;
    }

    /// <summary>Resident memory of the worker(s) after a full collection: this process on SQLite, the sum of the worker
    /// processes on Azure Storage.</summary>
    public async Task<double> CollectedWorkerRssMegabytesAsync()
    {
        if (_pool is not null)
        {
            return await _pool.CollectedRssMegabytesAsync();
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return RssMegabytes();
    }

    /// <summary>Resident memory of the worker(s) now.</summary>
    public double WorkerRssMegabytes() => _pool?.RssMegabytes() ?? RssMegabytes();

    public static double RssMegabytes()
    {
        using var process = Process.GetCurrentProcess();
        return Math.Round(process.WorkingSet64 / 1024.0 / 1024.0, 1);
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.StopAsync(CancellationToken.None);
            if (_services.GetService<TimingOrchestrationService>() is { } timing)
            {
                await Console.Error.WriteLineAsync("profile (worker in this process):\n" + timing.Report());
            }
        }

        if (_pool is not null)
        {
            await _pool.DisposeAsync();
        }

        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
