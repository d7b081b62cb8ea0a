using LoopFunctions.Durable.Converters;
using LoopFunctions.Durable.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Durable.Worker;

/// <summary>
/// Runs orchestrations and activities from a store: the two dispatchers of one process. Usable as a hosted service
/// or on its own (<see cref="StartAsync"/> / <see cref="StopAsync"/>).
/// </summary>
/// <remarks>
/// Stopping stops polling, lets running episodes commit and running activities finish until the
/// <see cref="StopAsync"/> token is cancelled; activities still running then are released to run again elsewhere.
/// Nothing is lost either way: the store holds every request until it is completed.
/// </remarks>
public sealed class DurableTaskWorker : IHostedService, IAsyncDisposable
{
    private readonly IDurableStore _store;
    private readonly DurableTaskOptions _options;
    private readonly ILogger _logger;
    private readonly OrchestrationDispatcher _orchestrations;
    private readonly ActivityDispatcher _activities;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private Task? _running;

    public DurableTaskWorker(
        IDurableStore store,
        DurableTaskRegistry registry,
        IServiceProvider services,
        IOptions<DurableTaskOptions> options,
        DataConverter? converter = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.Value;
        loggerFactory ??= NullLoggerFactory.Instance;
        converter ??= JsonDataConverter.Default;
        timeProvider ??= TimeProvider.System;
        _logger = loggerFactory.CreateLogger("LoopFunctions.Durable.Worker");
        _orchestrations = new OrchestrationDispatcher(store, registry, services, _options, converter, loggerFactory, timeProvider);
        _activities = new ActivityDispatcher(store, registry, services, _options, converter, loggerFactory, timeProvider);
        if (store is IWorkHandoff)
        {
            _orchestrations.Activities = _activities;
            _activities.Orchestrations = _orchestrations;
        }
    }

    /// <summary>Instances currently held in memory between episodes.</summary>
    public int CachedInstanceCount => _orchestrations.Cache.Count;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _store.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        _logger.WorkerStarted(_options.HubName, _store.GetType().Name, _options.MaxConcurrentOrchestratorFunctions, _options.MaxConcurrentActivityFunctions);
        _running = Task.WhenAll(
            Task.Run(() => _orchestrations.RunAsync(_stopping.Token), CancellationToken.None),
            Task.Run(() => _activities.RunAsync(_stopping.Token, _abort.Token), CancellationToken.None));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_running is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        using var registration = cancellationToken.Register(() => _abort.Cancel());
        await _running.ConfigureAwait(false);
        _running = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
        _abort.Dispose();
    }
}
