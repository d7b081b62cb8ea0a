using LoopFunctions.Loops.Errors;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;

namespace LoopFunctions.Loops.Activities;

/// <summary>The base of the loop's activities: each step gets a token that stops it when its host shuts down, and a
/// step on a run's workspace that fails for good hands the run's work off.</summary>
/// <remarks>
/// <para>Microsoft.DurableTask's <see cref="TaskActivityContext"/> carries no cancellation token, so the host's
/// stopping signal is the step's token, in <c>loopfn</c> and on Azure Functions alike. A step cancelled because the
/// host stops is not a failure: the engine hands the work item back and the step runs again on the next start.</para>
/// <para>At-least-once: a step can run again after a crash or a stop, so every step is idempotent (it starts from
/// its recorded commit and finds its own earlier commit by its trailer).</para>
/// <para>Failures of a workspace step (<see cref="IWorkspaceStep"/>) write the rescue branch (<see cref="RescueBranch"/>)
/// before they reach the orchestrator, which then fails the run without scheduling anything more, so the run stays
/// rewindable. A step that keeps ending its worker is given up after <see cref="StepStarts.MaxUnfinishedStarts"/>
/// such starts, with the same rescue branch.</para>
/// </remarks>
public abstract class LoopActivity<TInput, TOutput>(IHostApplicationLifetime lifetime) : TaskActivity<TInput, TOutput>
{
    public sealed override async Task<TOutput> RunAsync(TaskActivityContext context, TInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var stopping = lifetime.ApplicationStopping;
        if (input is not IWorkspaceStep step || !Directory.Exists(step.Workspace.Path))
        {
            return await ExecuteAsync(context, input, stopping).ConfigureAwait(false);
        }

        var name = context.Name.Name;
        var starts = StepStarts.For(new RunFolder(step.Workspace.Path), name, input);
        if (starts.Begin() >= StepStarts.MaxUnfinishedStarts)
        {
            starts.Clear();
            var reason = $"The step ended its worker {StepStarts.MaxUnfinishedStarts} times without finishing (a crash, a kill, an out-of-memory stop); it was given up instead of being run again.";
            await WriteRescueBranchAsync(step, name, reason).ConfigureAwait(false);
            throw new StepRejectedException($"step '{name}' was given up: {reason}");
        }

        try
        {
            var result = await ExecuteAsync(context, input, stopping).ConfigureAwait(false);
            starts.End();
            return result;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            starts.End();
            throw;
        }
        catch (Exception ex)
        {
            starts.End();
            await WriteRescueBranchAsync(step, name, $"{ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs the step.</summary>
    protected abstract Task<TOutput> ExecuteAsync(TaskActivityContext context, TInput input, CancellationToken cancellationToken);

    /// <summary>Best effort: a rescue branch that cannot be written must not hide the step's own failure.</summary>
    private static async Task WriteRescueBranchAsync(IWorkspaceStep step, string name, string reason)
    {
        try
        {
            await RescueBranch.WriteAsync(step, name, reason, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or LoopFunctionsException or UnauthorizedAccessException)
        {
            // Nothing more to keep: the run's failure details still say which step failed and why.
        }
    }
}
