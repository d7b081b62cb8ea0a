using System.Diagnostics;
using LoopFunctions.Benchmarks.Hosting;
using LoopFunctions.Benchmarks.Profiling;
using LoopFunctions.Benchmarks.Scenarios;
using LoopFunctions.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.Benchmarks.Azure;

/// <summary>N worker processes (this program with <c>worker SCENARIO HUB SESSIONS POLL PARTITIONS</c>), each a
/// <see cref="DurableEngineWorker"/> on DurableTask.AzureStorage, all on one task hub. A worker answers
/// <c>collect</c> on its stdin (a full GC, for memory readings) and stops gracefully, releasing its partitions, when
/// its stdin closes. Started means ready and the partitions spread over the workers (<see cref="PartitionSpread"/>).</summary>
internal sealed class WorkerPool : IAsyncDisposable
{
    private readonly List<Process> _processes;

    private WorkerPool(List<Process> processes) => _processes = processes;

    public static async Task<WorkerPool> StartAsync(BenchOptions options, string scenario, string hub)
    {
        ArgumentNullException.ThrowIfNull(options);
        var processes = new List<Process>();
        var pool = new WorkerPool(processes);
        try
        {
            for (var i = 0; i < options.Workers; i++)
            {
                var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true };
                foreach (var arg in new[] { typeof(WorkerPool).Assembly.Location, "worker", scenario, hub }.Concat(options.WorkerArguments()))
                {
                    start.ArgumentList.Add(arg);
                }

                start.Environment["AzureWebJobsStorage"] = options.AzureConnectionString;
                processes.Add(Process.Start(start)!);
            }

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            foreach (var process in processes)
            {
                await ExpectAsync(process, "ready", deadline.Token);
            }

            await PartitionSpread.WaitAsync(options.AzureConnectionString!, hub, [.. processes.Select(p => $"{Environment.MachineName}-{p.Id}")]);
            return pool;
        }
        catch
        {
            await pool.DisposeAsync();
            throw;
        }
    }

    /// <summary>The child's side: runs the scenario's tasks until stdin closes.</summary>
    public static async Task<int> RunWorkerAsync(string scenario, string hub, string sessions, string pollMaxMs, string partitions)
    {
        var options = BenchOptions.ForWorker(sessions, pollMaxMs, partitions);
        options.AzureConnectionString = Environment.GetEnvironmentVariable("AzureWebJobsStorage")
            ?? throw new InvalidOperationException("AzureWebJobsStorage is not set");
        await using var services = BenchHost.Build(options, hub, "", ScenarioCatalog.All[scenario].Register, worker: true);
        var worker = services.GetRequiredService<DurableEngineWorker>();
        await worker.StartAsync(CancellationToken.None);
        Console.WriteLine("ready");
        while (await Console.In.ReadLineAsync() is { } line)
        {
            if (line == "collect")
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                Console.WriteLine("collected");
            }
        }

        await worker.StopAsync(CancellationToken.None);
        if (services.GetService<TimingOrchestrationService>() is { } timing)
        {
            await Console.Error.WriteLineAsync($"profile (worker process {Environment.ProcessId}):\n" + timing.Report());
        }

        return 0;
    }

    /// <summary>The workers' CPU time so far, added up.</summary>
    public TimeSpan CpuTime() => _processes.Aggregate(TimeSpan.Zero, (sum, p) => sum + ProcessCpu.Of(p));

    /// <summary>The workers' resident memory now, added up.</summary>
    public double RssMegabytes() => Math.Round(_processes.Sum(ProcessCpu.RssMegabytes), 1);

    /// <summary>Asks every worker for a full collection, then reads their resident memory, added up.</summary>
    public async Task<double> CollectedRssMegabytesAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var process in _processes)
        {
            await process.StandardInput.WriteLineAsync("collect");
            await process.StandardInput.FlushAsync(deadline.Token);
            await ExpectAsync(process, "collected", deadline.Token);
        }

        return RssMegabytes();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes.Where(p => !p.HasExited))
        {
            process.StandardInput.Close();
        }

        foreach (var process in _processes)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(60));
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

    private static async Task ExpectAsync(Process process, string expected, CancellationToken cancellationToken)
    {
        var line = await process.StandardOutput.ReadLineAsync(cancellationToken);
        if (line != expected)
        {
            throw new InvalidOperationException($"worker process {process.Id} said '{line}' instead of '{expected}' (exited: {process.HasExited})");
        }
    }
}
