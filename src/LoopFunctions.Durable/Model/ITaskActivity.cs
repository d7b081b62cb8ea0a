namespace LoopFunctions.Durable;

/// <summary>An activity the engine can run; implement <see cref="TaskActivity{TInput, TOutput}"/> instead.</summary>
public interface ITaskActivity
{
    Type InputType { get; }

    Type OutputType { get; }

    Task<object?> RunAsync(TaskActivityContext context, object? input);
}
