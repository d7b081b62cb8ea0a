namespace LoopFunctions.Durable;

/// <summary>Base class for class-based activities. Activities may do any I/O.</summary>
/// <remarks>Runs at least once per request; see <see cref="TaskActivityContext.ActivityExecutionId"/>.</remarks>
public abstract class TaskActivity<TInput, TOutput> : ITaskActivity
{
    Type ITaskActivity.InputType => typeof(TInput);

    Type ITaskActivity.OutputType => typeof(TOutput);

    public abstract Task<TOutput> RunAsync(TaskActivityContext context, TInput input);

    async Task<object?> ITaskActivity.RunAsync(TaskActivityContext context, object? input) =>
        await RunAsync(context, (TInput)input!).ConfigureAwait(false);
}
