using System.Text.Json;
using LoopFunctions.Loops.Budget;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.Loops.Tests.TestSupport;

/// <summary>
/// Durable entities without an engine: each operation builds the registered entity class (<see cref="BudgetPool"/>)
/// from the services, runs it on the stored state, and stores the state again, with the input, the state and the
/// result round-tripped through JSON as an engine stores them. Calls and signals both run at once, in the order sent
/// (an engine delivers one sender's signals to one entity in order), so a test sees every operation's effect.
/// </summary>
internal sealed class InlineEntities(IServiceProvider services) : TaskOrchestrationEntityFeature
{
    private readonly Dictionary<string, string?> _states = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Every operation in order: <c>call reserve @budgetpool@team-a</c>, <c>signal settle ...</c>.</summary>
    public List<string> Operations { get; } = [];

    /// <summary>Runs one operation on <paramref name="id"/> and returns its result as JSON.</summary>
    public async Task<string?> RunAsync(EntityInstanceId id, string operation, object? input)
    {
        var entity = id.Name switch
        {
            "budgetpool" => ActivatorUtilities.CreateInstance<BudgetPool>(services),
            _ => throw new InvalidOperationException($"no entity '{id.Name}'"),
        };
        string? state;
        lock (_gate)
        {
            state = _states.GetValueOrDefault(id.ToString());
        }

        var store = new State(state);
        var result = await entity.RunAsync(new Operation(operation, new Context(id), store, input is null ? null : JsonSerializer.Serialize(input, LoopSerialization.Options)));
        lock (_gate)
        {
            _states[id.ToString()] = store.Json;
        }

        return result is null ? null : JsonSerializer.Serialize(result, result.GetType(), LoopSerialization.Options);
    }

    /// <summary>The entity's state as stored, or default when it has none.</summary>
    public T? StateOf<T>(EntityInstanceId id)
    {
        lock (_gate)
        {
            return _states.GetValueOrDefault(id.ToString()) is { } json ? JsonSerializer.Deserialize<T>(json, LoopSerialization.Options) : default;
        }
    }

    public override async Task<TResult> CallEntityAsync<TResult>(EntityInstanceId id, string operationName, object? input = null, CallEntityOptions? options = null)
    {
        Operations.Add($"call {operationName} {id}");
        var json = await RunAsync(id, operationName, input);
        return json is null ? default! : JsonSerializer.Deserialize<TResult>(json, LoopSerialization.Options)!;
    }

    public override async Task CallEntityAsync(EntityInstanceId id, string operationName, object? input = null, CallEntityOptions? options = null)
    {
        Operations.Add($"call {operationName} {id}");
        await RunAsync(id, operationName, input);
    }

    public override async Task SignalEntityAsync(EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null)
    {
        Operations.Add($"signal {operationName} {id}");
        await RunAsync(id, operationName, input);
    }

    public override Task<IAsyncDisposable> LockEntitiesAsync(IEnumerable<EntityInstanceId> entityIds) => throw new NotSupportedException();

    public override bool InCriticalSection([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IReadOnlyList<EntityInstanceId>? entityIds)
    {
        entityIds = null;
        return false;
    }

    private sealed class Operation(string name, TaskEntityContext context, TaskEntityState state, string? input) : TaskEntityOperation
    {
        public override string Name => name;

        public override TaskEntityContext Context => context;

        public override TaskEntityState State => state;

        public override bool HasInput => input is not null;

        public override object? GetInput(Type inputType) => input is null ? null : JsonSerializer.Deserialize(input, inputType, LoopSerialization.Options);
    }

    private sealed class State(string? json) : TaskEntityState
    {
        public string? Json { get; private set; } = json;

        public override bool HasState => Json is not null;

        public override object? GetState(Type type) => Json is null ? null : JsonSerializer.Deserialize(Json, type, LoopSerialization.Options);

        public override void SetState(object? state) => Json = state is null ? null : JsonSerializer.Serialize(state, state.GetType(), LoopSerialization.Options);
    }

    private sealed class Context(EntityInstanceId id) : TaskEntityContext
    {
        public override EntityInstanceId Id => id;

        public override void SignalEntity(EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null) => throw new NotSupportedException();

        public override string ScheduleNewOrchestration(TaskName name, object? input = null, StartOrchestrationOptions? options = null) => throw new NotSupportedException();
    }
}
