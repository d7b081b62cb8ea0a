using DurableTask.Core;
using LoopFunctions.Benchmarks.Profiling;
using LoopFunctions.DurableTask.Hosting;
using LoopFunctions.DurableTask.Sqlite;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using LoopFunctions.DurableTask.AzureStorage;

namespace LoopFunctions.Benchmarks.Hosting;

/// <summary>A container built the way <c>loopfn</c> builds one: <c>AddDurableTaskEngine().UseSqlite()/UseAzureStorage()
/// .AddTasks().AddWorker()</c>, on the backend's defaults except the switches a bench run compares.</summary>
internal static class BenchHost
{
    /// <summary>How often the client looks at an Azure Storage instance it waits for (SQLite wakes the wait on commit).
    /// The glue's 1 s default would add up to a second to every measured wait.</summary>
    private static readonly TimeSpan StatusPolling = TimeSpan.FromMilliseconds(50);

    /// <param name="sqlitePath">The SQLite file; ignored on Azure Storage.</param>
    /// <param name="worker">Register the worker (a client-only container otherwise).</param>
    public static ServiceProvider Build(BenchOptions options, string hub, string sqlitePath, Action<DurableTaskRegistry> tasks, bool worker)
    {
        var services = new ServiceCollection();
        if (options.Profile && worker)
        {
            // Registered before AddDurableTaskEngine, whose registrations of these two are TryAdd: the worker gets the
            // timing decorator, the client keeps the provider itself (so its commit-woken waits still work).
            services.AddSingleton(sp => options.IsAzure
                ? (IOrchestrationServiceClient)new global::DurableTask.AzureStorage.AzureStorageOrchestrationService(
                    sp.GetRequiredService<IOptions<global::DurableTask.AzureStorage.AzureStorageOrchestrationServiceSettings>>().Value)
                : new SqliteOrchestrationService(sp.GetRequiredService<IOptions<SqliteOrchestrationServiceSettings>>().Value));
            services.AddSingleton<TimingOrchestrationService>(sp => new((IOrchestrationService)sp.GetRequiredService<IOrchestrationServiceClient>()));
            services.AddSingleton<IOrchestrationService>(sp => sp.GetRequiredService<TimingOrchestrationService>());
        }

        var builder = services.AddDurableTaskEngine(o => o.MaxStatusPollingInterval = StatusPolling);
        if (options.IsAzure)
        {
            builder.UseAzureStorage(options.AzureConnectionString!, s =>
            {
                s.TaskHubName = hub;

                // DTFx names a worker by its machine (WorkerId defaults to Environment.MachineName), and partition
                // ownership is recorded by that name: worker processes on one machine would all believe they own
                // every partition, process the same control queues at once, and lose work (seen here: a fan-out stuck
                // with empty queues). So each process gets its own name.
                s.WorkerId = $"{Environment.MachineName}-{Environment.ProcessId}";
                if (options.Sessions is { } on)
                {
                    s.ExtendedSessionsEnabled = on;
                }

                if (options.PollMaxMs is { } poll)
                {
                    s.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(poll);
                }

                s.UseTablePartitionManagement = options.Partitions == "table";
            });
        }
        else
        {
            builder.UseSqlite(s =>
            {
                s.Path = sqlitePath;
                s.TaskHubName = hub;
                s.LocalDispatch = options.Handoff;
                s.Synchronous = options.Sync switch { "full" => SqliteSynchronousMode.Full, "durable" => SqliteSynchronousMode.Durable, _ => SqliteSynchronousMode.Normal };
                if (options.OrchestrationSlots is { } slots)
                {
                    s.MaxConcurrentTaskOrchestrationWorkItems = slots;
                }

                if (options.FetchLoops is { } loops)
                {
                    s.OrchestrationFetchLoops = loops;
                }
                if (options.Sessions is { } on)
                {
                    s.ExtendedSessionsEnabled = on;
                }

                if (options.PollMaxMs is { } poll)
                {
                    s.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(poll);
                }
            });
        }

        builder.AddTasks(tasks);
        if (worker)
        {
            builder.AddWorker();
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
