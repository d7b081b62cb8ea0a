using DurableTask.Core;

namespace LoopFunctions.DurableTask.Worker;

/// <summary>DTFx's orchestration lookup: a fresh <see cref="DeferredOrchestration"/> for every execution, whatever
/// the name. DTFx's own manager returns one shared instance per name, which would share one shim (and its state)
/// between instances.</summary>
internal sealed class OrchestrationCatalog : INameVersionObjectManager<TaskOrchestration>
{
    public void Add(ObjectCreator<TaskOrchestration> creator) =>
        throw new NotSupportedException("Register orchestrators with AddTasks(r => r.AddOrchestrator...) instead.");

    public TaskOrchestration GetObject(string name, string? version) => new DeferredOrchestration(name);
}
