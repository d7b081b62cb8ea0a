namespace LoopFunctions.Durable;

/// <summary>An orchestrator the engine can run; implement <see cref="TaskOrchestrator{TInput, TOutput}"/> instead.</summary>
public interface ITaskOrchestrator
{
    Type InputType { get; }

    Type OutputType { get; }

    Task<object?> RunAsync(TaskOrchestrationContext context, object? input);
}
