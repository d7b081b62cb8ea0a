using LoopFunctions.Durable;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Verification;

namespace LoopFunctions.Loops.Activities;

/// <summary>
/// Runs the checks on a fresh checkout of the candidate commit (protected paths from the base commit), then judges the
/// result against the baseline. Without a baseline this is the baseline run on the base commit.
/// </summary>
public sealed class VerifyActivity : TaskActivity<VerifyInput, VerificationOutcome>
{
    public override Task<VerificationOutcome> RunAsync(TaskActivityContext context, VerifyInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return VerificationStep.RunAsync(input, context.CancellationToken);
    }
}
