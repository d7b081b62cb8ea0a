namespace LoopFunctions.Durable;

/// <summary>Base class for class-based orchestrators, registered by type with <see cref="DurableTaskRegistry"/>.</summary>
/// <remarks>A new instance is created for every replay; keep no state in fields across episodes. See
/// <see cref="TaskOrchestrationContext"/> for the determinism rules.</remarks>
public abstract class TaskOrchestrator<TInput, TOutput> : ITaskOrchestrator
{
    Type ITaskOrchestrator.InputType => typeof(TInput);

    Type ITaskOrchestrator.OutputType => typeof(TOutput);

    public abstract Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input);

    async Task<object?> ITaskOrchestrator.RunAsync(TaskOrchestrationContext context, object? input) =>
        await RunAsync(context, (TInput)input!);
}
