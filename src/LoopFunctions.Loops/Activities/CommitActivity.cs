using LoopFunctions.Durable;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Activities;

/// <summary>Commits the iteration's work; a retry finds its trailer at HEAD and never commits twice.</summary>
public sealed class CommitActivity : TaskActivity<CommitInput, string?>
{
    public override Task<string?> RunAsync(TaskActivityContext context, CommitInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return GitWorkspace.CommitAsync(input.Workspace.Path, input.Message, input.Trailer, input.AllowEmpty, context.CancellationToken, input.DiscardChangesSince);
    }
}
