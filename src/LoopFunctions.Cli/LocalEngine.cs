using LoopFunctions.Durable;
using LoopFunctions.Durable.Client;
using LoopFunctions.Durable.Configuration;
using LoopFunctions.Durable.DependencyInjection;
using LoopFunctions.Durable.Sqlite;
using LoopFunctions.Durable.Worker;
using LoopFunctions.Loops;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Cli;

/// <summary>The embedded engine the CLI runs loops on: a SQLite store file, a worker and a client in this process.</summary>
internal sealed class LocalEngine : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private LocalEngine(ServiceProvider services, string storePath)
    {
        _services = services;
        StorePath = storePath;
        Client = services.GetRequiredService<DurableTaskClient>();
        Worker = services.GetRequiredService<DurableTaskWorker>();
    }

    public string StorePath { get; }

    public DurableTaskClient Client { get; }

    public DurableTaskWorker Worker { get; }

    /// <summary>Opens the store (creating it) with clones kept beside it in <c>workspaces/</c>. Engine settings come
    /// from <c>host.json</c> in the current directory when there is one.</summary>
    /// <exception cref="HostJsonException">host.json is invalid, or names a store this command cannot use.</exception>
    public static async Task<LocalEngine> OpenAsync(string? storePath, bool startWorker)
    {
        var settings = HostJson.Load(Path.GetFullPath("host.json"));
        if (!settings.StorageProvider.Type.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new HostJsonException($"host.json selects the '{settings.StorageProvider.Type}' store; loopfn runs loops locally on the embedded SQLite store (storageProvider.type: Sqlite).");
        }

        var full = Path.GetFullPath(storePath ?? settings.SqlitePath);
        var engine = settings.DurableTask;
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(Environment.GetEnvironmentVariable("LOOPFN_LOG") is { } level && Enum.TryParse<LogLevel>(level, true, out var l) ? l : LogLevel.Warning));
        services.AddLoopFunctions(o =>
            {
                o.HubName = engine.HubName;
                o.MaxConcurrentActivityFunctions = engine.MaxConcurrentActivityFunctions;
                o.MaxConcurrentOrchestratorFunctions = engine.MaxConcurrentOrchestratorFunctions;
                o.MaxActivityDeliveries = engine.MaxActivityDeliveries;
                o.MaxPayloadBytes = engine.MaxPayloadBytes;
                o.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(250);

                // Short leases (renewed every third of them while a step runs): a run resumed after a crash picks up
                // the interrupted step within seconds instead of the server default of a minute.
                o.ActivityLockDuration = TimeSpan.FromSeconds(6);
                o.OrchestrationLockDuration = TimeSpan.FromSeconds(6);
            })
            .UseSqlite(o => o.Path = full)
            .AddLoops(o =>
            {
                o.WorkRoot = Path.Combine(Path.GetDirectoryName(full)!, "workspaces");
                o.PublishConnectionString = Setting("LOOPFN_PUBLISH_CONNECTION") ?? Setting("AzureWebJobsStorage");
                o.PublishSigningKey = Setting(Commands.VerifyPublishCommand.KeySetting);
            })
            .AddWorker();
        var provider = services.BuildServiceProvider();
        var local = new LocalEngine(provider, full);
        if (startWorker)
        {
            await local.Worker.StartAsync(CancellationToken.None);
        }
        else
        {
            await provider.GetRequiredService<Durable.Storage.IDurableStore>().CreateIfNotExistsAsync();
        }

        return local;
    }

    private static string? Setting(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    /// <summary>Stops the worker at once: running steps are cancelled (their processes killed) and released, to run
    /// again when the loop resumes.</summary>
    public async Task AbortAsync()
    {
        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        await Worker.StopAsync(now.Token);
    }

    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Worker.StopAsync(grace.Token);
        await _services.DisposeAsync();
    }
}
