using DurableTask.Core;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Logging;
using TaskEntity = DurableTask.Core.Entities.TaskEntity;

namespace LoopFunctions.DurableTask.Worker;

/// <summary>DTFx's entity lookup: a <see cref="DeferredEntity"/> for every name, so an unknown name is answered
/// with an error per operation instead of DTFx's own handling of a missing object.</summary>
internal sealed class EntityCatalog(TaskCatalog catalog, IServiceProvider services, DurableTaskShimFactory shims, ILogger logger)
    : INameVersionObjectManager<TaskEntity>
{
    public void Add(ObjectCreator<TaskEntity> creator) =>
        throw new NotSupportedException("Register entities with AddTasks(r => r.AddEntity...) instead.");

    public TaskEntity GetObject(string name, string? version) => new DeferredEntity(name, catalog, services, shims, logger);
}
