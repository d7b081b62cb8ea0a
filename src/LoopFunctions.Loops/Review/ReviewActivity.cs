using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Review;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;

namespace LoopFunctions.Loops.Review;

/// <summary>The review phase of a pull-request loop, and its recheck at the end (see <see cref="ReviewStep"/>).</summary>
public sealed class ReviewActivity(IHostApplicationLifetime lifetime) : LoopActivity<ReviewInput, ReviewOutcome>(lifetime)
{
    protected override Task<ReviewOutcome> ExecuteAsync(TaskActivityContext context, ReviewInput input, CancellationToken cancellationToken)
    {
        return ReviewStep.RunAsync(input, cancellationToken);
    }
}
