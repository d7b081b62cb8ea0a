using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.Durable;

/// <summary>The orchestrators and activities a worker can run, by name (case-insensitive, as in Durable Functions).</summary>
public sealed class DurableTaskRegistry
{
    private readonly Dictionary<string, Func<IServiceProvider, ITaskOrchestrator>> _orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Func<IServiceProvider, ITaskActivity>> _activities = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> OrchestratorNames => _orchestrators.Keys;

    public IReadOnlyCollection<string> ActivityNames => _activities.Keys;

    /// <summary>Registers a class-based orchestrator under its type name, created through DI on every replay.</summary>
    public DurableTaskRegistry AddOrchestrator<TOrchestrator>(string? name = null) where TOrchestrator : class, ITaskOrchestrator =>
        AddOrchestrator(name ?? typeof(TOrchestrator).Name, sp => ActivatorUtilities.CreateInstance<TOrchestrator>(sp));

    public DurableTaskRegistry AddOrchestrator(string name, Func<IServiceProvider, ITaskOrchestrator> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!_orchestrators.TryAdd(name, factory))
        {
            throw new ArgumentException($"An orchestrator named '{name}' is already registered.", nameof(name));
        }

        return this;
    }

    public DurableTaskRegistry AddOrchestratorFunc<TInput, TOutput>(string name, Func<TaskOrchestrationContext, TInput, Task<TOutput>> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        return AddOrchestrator(name, _ => new FuncOrchestrator<TInput, TOutput>(func));
    }

    public DurableTaskRegistry AddOrchestratorFunc<TOutput>(string name, Func<TaskOrchestrationContext, Task<TOutput>> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        return AddOrchestrator(name, _ => new FuncOrchestrator<object?, TOutput>((ctx, _) => func(ctx)));
    }

    public DurableTaskRegistry AddOrchestratorFunc(string name, Func<TaskOrchestrationContext, Task> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        return AddOrchestrator(name, _ => new FuncOrchestrator<object?, object?>(async (ctx, _) =>
        {
            await func(ctx);
            return null;
        }));
    }

    /// <summary>Registers a class-based activity under its type name, created through DI per execution.</summary>
    public DurableTaskRegistry AddActivity<TActivity>(string? name = null) where TActivity : class, ITaskActivity =>
        AddActivity(name ?? typeof(TActivity).Name, sp => ActivatorUtilities.CreateInstance<TActivity>(sp));

    public DurableTaskRegistry AddActivity(string name, Func<IServiceProvider, ITaskActivity> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!_activities.TryAdd(name, factory))
        {
            throw new ArgumentException($"An activity named '{name}' is already registered.", nameof(name));
        }

        return this;
    }

    public DurableTaskRegistry AddActivityFunc<TInput, TOutput>(string name, Func<TaskActivityContext, TInput, Task<TOutput>> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        return AddActivity(name, _ => new FuncActivity<TInput, TOutput>(func));
    }

    public DurableTaskRegistry AddActivityFunc<TInput, TOutput>(string name, Func<TaskActivityContext, TInput, TOutput> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        return AddActivity(name, _ => new FuncActivity<TInput, TOutput>((ctx, input) => Task.FromResult(func(ctx, input))));
    }

    public DurableTaskRegistry AddActivityFunc<TInput>(string name, Func<TaskActivityContext, TInput, Task> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        return AddActivity(name, _ => new FuncActivity<TInput, object?>(async (ctx, input) =>
        {
            await func(ctx, input).ConfigureAwait(false);
            return null;
        }));
    }

    internal bool TryCreateOrchestrator(string name, IServiceProvider services, out ITaskOrchestrator? orchestrator)
    {
        orchestrator = _orchestrators.TryGetValue(name, out var factory) ? factory(services) : null;
        return orchestrator is not null;
    }

    internal bool TryCreateActivity(string name, IServiceProvider services, out ITaskActivity? activity)
    {
        activity = _activities.TryGetValue(name, out var factory) ? factory(services) : null;
        return activity is not null;
    }
}
