using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;

namespace LoopFunctions.Loops.Activities;

/// <summary>The base of the loop's activities: each step gets a token that stops it when its host shuts down.</summary>
/// <remarks>
/// <para>Microsoft.DurableTask's <see cref="TaskActivityContext"/> carries no cancellation token, so the host's
/// stopping signal is the step's token, in <c>loopfn</c> and on Azure Functions alike. A step cancelled because the
/// host stops is not a failure: the engine hands the work item back and the step runs again on the next start.</para>
/// <para>At-least-once: a step can run again after a crash or a stop, so every step is idempotent (it starts from
/// its recorded commit and finds its own earlier commit by its trailer).</para>
/// </remarks>
public abstract class LoopActivity<TInput, TOutput>(IHostApplicationLifetime lifetime) : TaskActivity<TInput, TOutput>
{
    public sealed override Task<TOutput> RunAsync(TaskActivityContext context, TInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return ExecuteAsync(context, input, lifetime.ApplicationStopping);
    }

    /// <summary>Runs the step.</summary>
    protected abstract Task<TOutput> ExecuteAsync(TaskActivityContext context, TInput input, CancellationToken cancellationToken);
}
