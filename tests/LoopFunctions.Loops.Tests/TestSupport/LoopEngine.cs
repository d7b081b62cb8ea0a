using LoopFunctions.DurableTask.Hosting;
using LoopFunctions.DurableTask.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Loops.Tests.TestSupport;

/// <summary>The real engine (DTFx on a SQLite file in a temporary folder) running the tasks a test registers; the
/// folder is deleted on dispose.</summary>
internal sealed class LoopEngine : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _folder;
    private readonly bool _keepFolder;

    private LoopEngine(ServiceProvider services, string folder, bool keepFolder)
    {
        _services = services;
        _folder = folder;
        _keepFolder = keepFolder;
        Client = services.GetRequiredService<DurableTaskClient>();
    }

    public DurableTaskClient Client { get; }

    /// <summary>Cancelled when the engine starts stopping: a step that ends with it is handed back, not failed, and
    /// runs again on the next engine on the same store.</summary>
    public CancellationToken Stopping => _services.GetRequiredService<DurableWorkerLifetime>().StoppingToken;

    /// <param name="tasks">Registers the orchestrators and activities.</param>
    /// <param name="logs">Receives every log line of the engine and the tasks (the orchestrator's replay-safe logger
    /// included); none when null.</param>
    /// <param name="extendedSessions">Whether an instance stays in memory between its steps (the default); without,
    /// every step replays the orchestrator from its history.</param>
    /// <param name="folder">The store's folder, kept on dispose (the caller deletes it), so a second engine can resume
    /// what the first left; a new temporary folder, deleted on dispose, when null.</param>
    /// <param name="services">Adds what the tasks take from dependency injection (an entity's options).</param>
    public static async Task<LoopEngine> StartAsync(Action<DurableTaskRegistry> tasks, ILoggerProvider? logs = null, bool extendedSessions = true, string? folder = null, Action<IServiceCollection>? services = null)
    {
        var keep = folder is not null;
        folder ??= Directory.CreateTempSubdirectory("loopfn-engine-").FullName;
        var collection = new ServiceCollection();
        services?.Invoke(collection);
        collection.AddLogging(builder =>
        {
            if (logs is not null)
            {
                builder.SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
            }
        });
        collection.AddDurableTaskEngine(o => o.DataConverter = new JsonDataConverter(LoopSerialization.Options))
            .UseSqlite(o =>
            {
                o.Path = Path.Combine(folder, "store.db");
                o.ExtendedSessionsEnabled = extendedSessions;
            })
            .AddTasks(tasks)
            .AddWorker();
        var provider = collection.BuildServiceProvider();
        await provider.GetRequiredService<DurableEngineWorker>().StartAsync(CancellationToken.None);
        return new LoopEngine(provider, folder, keep);
    }

    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _services.GetRequiredService<DurableEngineWorker>().StopAsync(grace.Token);
        await _services.DisposeAsync();
        if (!_keepFolder)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
