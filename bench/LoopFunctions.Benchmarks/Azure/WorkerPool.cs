using System.Diagnostics;
using LoopFunctions.Durable;
using LoopFunctions.Durable.AzureStorage;
using LoopFunctions.Durable.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Benchmarks.Azure;

/// <summary>N worker processes (this program with <c>worker SCENARIO HUB</c>), each a DurableTaskWorker on its own
/// AzureStorageDurableStore of one hub. A worker stops gracefully (releasing its partitions) when its stdin closes.</summary>
internal sealed class WorkerPool : IAsyncDisposable
{
    private readonly List<Process> _processes;

    private WorkerPool(List<Process> processes) => _processes = processes;

    public static async Task<WorkerPool> StartAsync(string scenario, string hub, int count, string connectionString)
    {
        var processes = new List<Process>();
        var pool = new WorkerPool(processes);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true };
                foreach (var arg in new[] { typeof(WorkerPool).Assembly.Location, "worker", scenario, hub })
                {
                    start.ArgumentList.Add(arg);
                }

                start.Environment["AzureWebJobsStorage"] = connectionString;
                processes.Add(Process.Start(start)!);
            }

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            foreach (var process in processes)
            {
                var line = await process.StandardOutput.ReadLineAsync(deadline.Token);
                if (line != "ready")
                {
                    throw new InvalidOperationException($"a worker process did not start (said '{line}', exited {process.HasExited})");
                }
            }

            return pool;
        }
        catch
        {
            await pool.DisposeAsync();
            throw;
        }
    }

    /// <summary>The child's side: runs the scenario's tasks until stdin closes.</summary>
    public static async Task<int> RunWorkerAsync(string scenario, string hub)
    {
        var registry = new DurableTaskRegistry();
        BenchSettings.WorkerScenarios[scenario](registry);
        var options = new AzureStorageOptions
        {
            ConnectionString = Environment.GetEnvironmentVariable("AzureWebJobsStorage") ?? throw new InvalidOperationException("AzureWebJobsStorage is not set"),
            HubName = hub,
        };
        await using var store = new AzureStorageDurableStore(options, TimeProvider.System);
        await using var worker = new DurableTaskWorker(store, registry, new ServiceCollection().BuildServiceProvider(), Options.Create(new DurableTaskOptions { HubName = hub }));
        await worker.StartAsync(CancellationToken.None);
        Console.WriteLine("ready");
        await Console.In.ReadToEndAsync();
        await worker.StopAsync(CancellationToken.None);
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes.Where(p => !p.HasExited))
        {
            process.StandardInput.Close();
        }

        foreach (var process in _processes)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }
}
