using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.DurableTask.Hosting;

/// <summary>Creates the task hub (<see cref="IOrchestrationService.CreateIfNotExistsAsync"/>) once, before the worker
/// starts and before the client's first call; a failed attempt is retried by the next caller.</summary>
internal sealed class TaskHub(IOrchestrationService service, DurableBackendInfo backend, ILogger logger)
{
    private readonly Lock _lock = new();
    private Task? _created;

    public IOrchestrationService Service { get; } = service;

    public DurableBackendInfo Backend { get; } = backend;

    public Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        Task created;
        lock (_lock)
        {
            if (_created is null || _created.IsFaulted || _created.IsCanceled)
            {
                _created = CreateAsync();
            }

            created = _created;
        }

        return created.IsCompletedSuccessfully ? Task.CompletedTask : created.WaitAsync(cancellationToken);
    }

    private async Task CreateAsync()
    {
        await Service.CreateIfNotExistsAsync().ConfigureAwait(false);
        logger.TaskHubReady(Backend.HubName, Backend.Description);
    }
}
