using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Activities;

/// <summary>Commits the iteration's work; a retry finds its trailer at HEAD and never commits twice.</summary>
public sealed class CommitActivity(IHostApplicationLifetime lifetime) : LoopActivity<CommitInput, string?>(lifetime)
{
    protected override Task<string?> ExecuteAsync(TaskActivityContext context, CommitInput input, CancellationToken cancellationToken)
    {
        return GitWorkspace.CommitAsync(input.Workspace.Path, input.Message, input.Trailer, input.AllowEmpty, cancellationToken, input.DiscardChangesSince);
    }
}
