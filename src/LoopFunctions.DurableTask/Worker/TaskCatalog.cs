using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;

namespace LoopFunctions.DurableTask.Worker;

/// <summary>The orchestrators, activities and entities of one <see cref="DurableTaskRegistry"/>, looked up by name
/// case-insensitively as Durable Functions does.</summary>
/// <remarks>Versions are not part of the lookup: a name registered under several versions is refused when the
/// catalog is built, so a version mix-up shows at start instead of as a wrong orchestrator at run time.</remarks>
internal sealed class TaskCatalog
{
    private readonly Dictionary<string, Func<IServiceProvider, ITaskOrchestrator>> _orchestrators;
    private readonly Dictionary<string, Func<IServiceProvider, ITaskActivity>> _activities;
    private readonly Dictionary<string, Func<IServiceProvider, ITaskEntity>> _entities;

    public TaskCatalog(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _orchestrators = Build(registry.GetOrchestrators(), "orchestrator");
        _activities = Build(registry.GetActivities(), "activity");
        _entities = Build(registry.GetEntities(), "entity");
    }

    public IReadOnlyCollection<string> OrchestratorNames => _orchestrators.Keys;

    public IReadOnlyCollection<string> ActivityNames => _activities.Keys;

    public IReadOnlyCollection<string> EntityNames => _entities.Keys;

    public bool TryGetOrchestrator(string name, out Func<IServiceProvider, ITaskOrchestrator> factory) =>
        _orchestrators.TryGetValue(name, out factory!);

    public bool TryGetActivity(string name, out Func<IServiceProvider, ITaskActivity> factory) =>
        _activities.TryGetValue(name, out factory!);

    public bool TryGetEntity(string name, out Func<IServiceProvider, ITaskEntity> factory) =>
        _entities.TryGetValue(name, out factory!);

    private static Dictionary<string, Func<IServiceProvider, T>> Build<T>(IEnumerable<KeyValuePair<TaskName, Func<IServiceProvider, T>>> entries, string kind)
    {
        var map = new Dictionary<string, Func<IServiceProvider, T>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, factory) in entries)
        {
            if (!map.TryAdd(name.Name, factory))
            {
                throw new InvalidOperationException(
                    $"The {kind} name '{name.Name}' is registered more than once (names are case-insensitive, and this host does not dispatch on versions).");
            }
        }

        return map;
    }
}
