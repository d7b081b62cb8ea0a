using LoopFunctions.Durable;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Activities;

/// <summary>Moves the loop branch to the verified candidate (or adds the hand-off note); a retry finds its trailer at
/// the branch tip and never commits twice.</summary>
public sealed class CommitActivity : TaskActivity<CommitInput, string?>
{
    public override Task<string?> RunAsync(TaskActivityContext context, CommitInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return BranchCommit.CommitAsync(input, context.CancellationToken);
    }
}
