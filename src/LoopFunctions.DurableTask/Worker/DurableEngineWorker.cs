using DurableTask.Core;
using DurableTask.Core.Entities;
using LoopFunctions.DurableTask.Hosting;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.DurableTask.Worker;

/// <summary>
/// Runs the registered Microsoft.DurableTask orchestrators, activities and entities on DTFx's <see cref="TaskHubWorker"/> over the
/// container's backend, through the SDK's <see cref="DurableTaskShimFactory"/>: no sidecar, no gRPC. Use it as a hosted
/// service (<c>AddWorker()</c>) or call <see cref="StartAsync"/> and <see cref="StopAsync"/> yourself.
/// </summary>
/// <remarks>
/// <para>Starting creates the task hub if needed. Orchestrators and activities are created per execution, entities per
/// batch of operations, each in its own DI scope. Entities need a backend that implements
/// <see cref="IEntityOrchestrationService"/> with a separate entity queue (both built-in backends do); registering one
/// on any other backend makes the start fail. Failures carry <c>FailureDetails</c> (<see cref="ErrorPropagationMode.UseFailureDetails"/>).</para>
/// <para>A worker runs once: start it, stop it, and build a new container to run again.</para>
/// <para>Stopping first cancels <see cref="DurableWorkerLifetime.StoppingToken"/>; an activity that ends by that
/// cancellation is abandoned, not failed, and runs again on the next start. DTFx then waits a few seconds for running
/// work items before it stops the backend; the <see cref="StopAsync"/> token cuts that wait short. Whatever is still
/// running at a hard stop is at-least-once: it runs again once its lock expires.</para>
/// </remarks>
public sealed class DurableEngineWorker : IHostedService, IAsyncDisposable
{
    private readonly TaskHub _hub;
    private readonly TaskCatalog _catalog;
    private readonly IServiceProvider _services;
    private readonly DurableEngineOptions _options;
    private readonly DurableWorkerLifetime _lifetime;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TaskHubWorker? _worker;
    private bool _stopped;
    private int _disposed;

    internal DurableEngineWorker(TaskHub hub, TaskCatalog catalog, IServiceProvider services, DurableEngineOptions options, DurableWorkerLifetime lifetime, ILoggerFactory loggerFactory)
    {
        _hub = hub;
        _catalog = catalog;
        _services = services;
        _options = options;
        _lifetime = lifetime;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("LoopFunctions.DurableTask.Worker");
    }

    /// <summary>Whether the worker is started and not yet stopped.</summary>
    public bool IsRunning => Volatile.Read(ref _worker) is not null;

    /// <summary>Creates the task hub if needed and starts dispatching work. Starting a running worker does nothing.</summary>
    /// <exception cref="InvalidOperationException">The worker was stopped: a worker runs once, because its backend
    /// object cannot start again (DurableTask.AzureStorage keeps its partition manager shut down); build a new service
    /// provider, as a restarted process would. Or entities are registered on a backend that cannot run them.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_worker is not null)
            {
                return;
            }

            if (_stopped)
            {
                throw new InvalidOperationException("This worker was stopped and cannot start again; build a new service provider (as a restarted process would) to run again.");
            }

            var entities = EntitiesEnabled(_hub.Service, _catalog);
            await _hub.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            _logger.WorkerStarting(_hub.Backend.HubName, _hub.Backend.Description, _catalog.OrchestratorNames.Count, _catalog.ActivityNames.Count);
            if (entities)
            {
                _logger.WorkerEntities(_hub.Backend.HubName, _catalog.EntityNames.Count);
            }

            var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = _options.DataConverter, EnableEntitySupport = entities }, _loggerFactory);
            var worker = new TaskHubWorker(
                _hub.Service,
                new OrchestrationCatalog(),
                new ActivityCatalog(_catalog, _services, shims, _lifetime, _loggerFactory.CreateLogger("LoopFunctions.DurableTask.Activities")),
                new EntityCatalog(_catalog, _services, shims, _loggerFactory.CreateLogger("LoopFunctions.DurableTask.Entities")),
                _loggerFactory)
            {
                ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
            };
            var includeInputs = _options.HistoryIncludesTaskInputs;
            var orchestrations = new OrchestrationMiddleware(_catalog, _services, shims, _loggerFactory.CreateLogger("LoopFunctions.DurableTask.Orchestrations"))
            {
                BeforeEpisode = () => worker.TaskOrchestrationDispatcher.IncludeParameters = includeInputs,
            };
            var activities = new ActivityMiddleware(_loggerFactory.CreateLogger("LoopFunctions.DurableTask.Activities"));
            worker.AddOrchestrationDispatcherMiddleware(orchestrations.InvokeAsync);
            worker.AddActivityDispatcherMiddleware(activities.InvokeAsync);
            if (entities)
            {
                worker.AddEntityDispatcherMiddleware(new EntityMiddleware(_loggerFactory.CreateLogger("LoopFunctions.DurableTask.Entities")).InvokeAsync);
            }
            await worker.StartAsync().ConfigureAwait(false);
            Volatile.Write(ref _worker, worker);
            _logger.WorkerStarted();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Whether this backend dispatches entities: only one that gives entity work items their own queue, since
    /// DTFx otherwise hands them to the orchestration dispatcher, which cannot run them.</summary>
    /// <exception cref="InvalidOperationException">Entities are registered but the backend cannot run them.</exception>
    private static bool EntitiesEnabled(IOrchestrationService service, TaskCatalog catalog)
    {
        if (service is IEntityOrchestrationService { EntityBackendProperties.UseSeparateQueueForEntityWorkItems: true })
        {
            return true;
        }

        if (catalog.EntityNames.Count > 0)
        {
            var reason = service is IEntityOrchestrationService
                ? "it does not give entity work items their own queue (EntityBackendProperties.UseSeparateQueueForEntityWorkItems is false)"
                : "it does not implement IEntityOrchestrationService";
            throw new InvalidOperationException(
                $"Entities are registered ({string.Join(", ", catalog.EntityNames.Order(StringComparer.OrdinalIgnoreCase))}), but the backend {service.GetType().Name} cannot run them: {reason}.");
        }

        return false;
    }

    /// <summary>Signals running activities to stop, then stops dispatching and the backend. Stopping a stopped worker
    /// does nothing.</summary>
    /// <param name="cancellationToken">Cancelled when the host no longer waits; the stop then returns at once.</param>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _worker) is null)
        {
            return;
        }

        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            var worker = Interlocked.Exchange(ref _worker, null);
            if (worker is null)
            {
                return;
            }

            _stopped = true;
            _logger.WorkerStopping();
            _lifetime.Stop();
            var stopping = worker.StopAsync(isForced: false);
            try
            {
                await stopping.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _logger.WorkerStopCutShort();
                return;
            }

            worker.Dispose();
            _logger.WorkerStopped();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the worker; safe to call more than once (a container that registers it twice disposes it twice).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _gate.Dispose();
    }
}
