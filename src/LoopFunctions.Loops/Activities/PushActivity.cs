using LoopFunctions.Durable;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Activities;

/// <summary>Squashes (for <c>commit: on_success</c>) and pushes the loop branch.</summary>
public sealed class PushActivity : TaskActivity<PushInput, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, PushInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        if (input.SquashMessage is { } message)
        {
            await GitWorkspace.SquashAsync(input.Workspace, message, context.CancellationToken).ConfigureAwait(false);
        }

        return await GitWorkspace.PushAsync(input.Workspace, input.Remote, context.CancellationToken).ConfigureAwait(false);
    }
}
