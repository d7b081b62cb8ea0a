using LoopFunctions.DurableTask;
using LoopFunctions.DurableTask.Configuration;
using LoopFunctions.DurableTask.Hosting;
using LoopFunctions.DurableTask.Replay;
using LoopFunctions.DurableTask.Worker;
using LoopFunctions.Loops;
using LoopFunctions.Loops.Agents.Pricing;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Cli;

/// <summary>The embedded engine the CLI runs loops on: DTFx's worker and a client over one SQLite file, in this
/// process.</summary>
internal sealed class LocalEngine : IAsyncDisposable
{
    /// <summary>How long a stop waits for running steps to hand their work items back before the process goes on
    /// exiting; a step that has not by then is taken over at once by the next run on this machine (its owner is dead).</summary>
    private static readonly TimeSpan AbortGrace = TimeSpan.FromSeconds(5);

    private readonly ServiceProvider _services;

    private LocalEngine(ServiceProvider services, string storePath)
    {
        _services = services;
        StorePath = storePath;
        Client = services.GetRequiredService<DurableTaskClient>();
        Worker = services.GetRequiredService<DurableEngineWorker>();
    }

    public string StorePath { get; }

    /// <summary>Where the runs' folders are: <c>workspaces/</c> beside the store.</summary>
    public string WorkRoot => Path.Combine(Path.GetDirectoryName(StorePath)!, "workspaces");

    public DurableTaskClient Client { get; }

    public DurableEngineWorker Worker { get; }

    /// <summary>Frees the pool holds of ended and purged runs (one sweep of <see cref="Loops.Budget.BudgetPoolJanitor"/>;
    /// <c>loopfn run</c> has no janitor running between its runs).</summary>
    public Loops.Budget.BudgetPoolJanitor PoolJanitor => _services.GetRequiredService<Loops.Budget.BudgetPoolJanitor>();

    /// <summary>Kills what the steps of run <paramref name="instance"/> left running, in its own process ledger and in
    /// every attempt's (<see cref="Loops.Workspace.RunFolder.KillEveryLeftover"/>): when a run resumes, only what a
    /// crashed process left (this process's worker may already be running the run's steps); once it ended, all.</summary>
    /// <returns>How many process groups were still alive.</returns>
    public int KillLeftovers(string instance, bool runEnded) =>
        Loops.Workspace.RunFolder.For(WorkRoot, instance).KillEveryLeftover(orphanedOnly: !runEnded);

    /// <summary>Replays recorded histories against this build's orchestrators.</summary>
    public OrchestrationReplayChecker ReplayChecker => _services.GetRequiredService<OrchestrationReplayChecker>();

    /// <summary>Opens the store (creating it) with clones kept beside it in <c>workspaces/</c>. Engine settings come
    /// from <c>host.json</c> in the current directory when there is one.</summary>
    /// <param name="loopsFolder">Where a run's loop is found by name; <c>loopfn run FILE</c> gives the file's folder,
    /// so a loop file outside any loop folder runs by its name too. Default <c>./loops</c>.</param>
    /// <exception cref="HostJsonException">host.json is invalid.</exception>
    /// <exception cref="UsageException">host.json selects a backend other than SQLite.</exception>
    public static async Task<LocalEngine> OpenAsync(string? storePath, bool startWorker, string? loopsFolder = null)
    {
        var settings = HostJson.Load(Path.GetFullPath("host.json"));
        if (settings.Backend != StorageBackend.Sqlite)
        {
            throw new UsageException($"{settings.Source}: storageProvider.type is {settings.Backend}; loopfn run, costs and replay-check work on the embedded SQLite store (use loopfn serve for a shared task hub).");
        }

        var full = Path.GetFullPath(storePath ?? settings.SqlitePath);
        var services = new ServiceCollection();
        services.AddLogging(b => b
            .AddSimpleConsole(o => o.SingleLine = true)
            .SetMinimumLevel(Environment.GetEnvironmentVariable("LOOPFN_LOG") is { } level && Enum.TryParse<LogLevel>(level, true, out var l) ? l : LogLevel.Warning));
        // The keys every host reads (LoopRunnerConfiguration), from the environment; clones live beside the store.
        services.AddLoopServices(EnvironmentConfiguration(), Directory.GetCurrentDirectory(), o =>
        {
            o.WorkRoot = Path.Combine(Path.GetDirectoryName(full)!, "workspaces"); // WorkRoot below says the same
            o.LoopsFolder = Path.GetFullPath(loopsFolder ?? "loops");
        });
        services.TryAddSingleton<Loops.Budget.BudgetPoolJanitor>();
        services.AddDurableTaskEngine(o => o.DataConverter = new JsonDataConverter(LoopSerialization.Options))
            .UseHostJson(settings, EnvironmentConfiguration())
            .UseSqlite(o => o.Path = full)
            .AddTasks(r => r.AddLoopTasks())
            .AddWorker();
        var provider = services.BuildServiceProvider();
        var local = new LocalEngine(provider, full);
        if (startWorker)
        {
            await local.Worker.StartAsync(CancellationToken.None);
        }

        return local;
    }

    /// <summary>The prices loopfn runs, validates and starts loops with: the shipped table and
    /// <c>LoopFunctions:Prices:&lt;model&gt;:{input,output,cached_input}</c> from the environment
    /// (<c>LoopFunctions__Prices__my-model__input=1.25</c>).</summary>
    /// <exception cref="Loops.Errors.LoopFunctionsException">A price setting is not a price; the message names it.</exception>
    public static PriceTable Prices() => PriceSettings.Table(EnvironmentConfiguration());

    /// <summary>The runner settings loopfn takes from the environment, with the keys every host reads
    /// (<see cref="LoopRunnerConfiguration"/>): the publish connection (<c>LOOPFN_PUBLISH_CONNECTION</c>, else
    /// <c>AzureWebJobsStorage</c>), its key (<c>LOOPFN_PUBLISH_KEY</c>), the GitHub token (<c>GITHUB_TOKEN</c>), or their
    /// <c>LoopFunctions__...</c> names.</summary>
    /// <exception cref="Loops.Errors.LoopFunctionsException">A setting cannot be read; the message names it.</exception>
    public static Loops.Activities.LoopRunnerOptions RunnerSettings()
    {
        return LoopRunnerConfiguration.Read(EnvironmentConfiguration(), Directory.GetCurrentDirectory());
    }

    private static IConfiguration EnvironmentConfiguration() => new ConfigurationBuilder().AddEnvironmentVariables().Build();

    /// <summary>Stops the worker now: running steps are cancelled (their processes killed) and hand their work items
    /// back, so they run again, as the same step, when the loop resumes.</summary>
    public async Task AbortAsync()
    {
        using var grace = new CancellationTokenSource(AbortGrace);
        await Worker.StopAsync(grace.Token);
    }

    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Worker.StopAsync(grace.Token);
        await _services.DisposeAsync();
    }
}
