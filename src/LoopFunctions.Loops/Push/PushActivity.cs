using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;

namespace LoopFunctions.Loops.Push;

/// <summary>Squashes (for <c>commit: on_success</c>) and pushes the loop branch.</summary>
public sealed class PushActivity(IHostApplicationLifetime lifetime) : LoopActivity<PushInput, string>(lifetime)
{
    protected override async Task<string> ExecuteAsync(TaskActivityContext context, PushInput input, CancellationToken cancellationToken)
    {
        if (input.SquashMessage is { } message)
        {
            await GitWorkspace.SquashAsync(input.Workspace, message, cancellationToken).ConfigureAwait(false);
        }

        return await GitWorkspace.PushAsync(input.Workspace, input.Remote, cancellationToken).ConfigureAwait(false);
    }
}
