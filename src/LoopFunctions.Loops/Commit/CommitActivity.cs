using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;

namespace LoopFunctions.Loops.Commit;

/// <summary>Moves the loop branch to the verified candidate (or adds the closing note); a retry finds its trailer at
/// the branch tip and never commits twice.</summary>
public sealed class CommitActivity(IHostApplicationLifetime lifetime) : LoopActivity<CommitInput, string?>(lifetime)
{
    protected override Task<string?> ExecuteAsync(TaskActivityContext context, CommitInput input, CancellationToken cancellationToken)
    {
        return BranchCommit.CommitAsync(input, cancellationToken);
    }
}
