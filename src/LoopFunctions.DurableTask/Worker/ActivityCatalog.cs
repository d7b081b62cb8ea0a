using DurableTask.Core;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.DurableTask.Worker;

/// <summary>DTFx's activity lookup: a fresh <see cref="ScopedActivity"/> per execution of a registered name;
/// <see langword="null"/> for an unknown one, which <see cref="ActivityMiddleware"/> turns into a failure.</summary>
internal sealed class ActivityCatalog(TaskCatalog catalog, IServiceProvider services, DurableTaskShimFactory shims, DurableWorkerLifetime lifetime, ILogger logger)
    : INameVersionObjectManager<TaskActivity>
{
    public void Add(ObjectCreator<TaskActivity> creator) =>
        throw new NotSupportedException("Register activities with AddTasks(r => r.AddActivity...) instead.");

    public TaskActivity? GetObject(string name, string? version) =>
        catalog.TryGetActivity(name, out var factory) ? new ScopedActivity(name, factory, services, shims, lifetime, logger) : null;
}
