using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Verification;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops.Verification;

/// <summary>
/// Runs the checks on a fresh checkout of the candidate commit (protected paths from the base commit), then judges the
/// result against the baseline. Without a baseline this is the baseline run on the base commit. At most
/// <see cref="LoopRunnerOptions.MaxParallelVerifications"/> run at once in the process (<see cref="VerificationSlots"/>).
/// </summary>
public sealed class VerifyActivity(IHostApplicationLifetime lifetime, IOptions<LoopRunnerOptions> options) : LoopActivity<VerifyInput, VerificationOutcome>(lifetime)
{
    protected override async Task<VerificationOutcome> ExecuteAsync(TaskActivityContext context, VerifyInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        using (await VerificationSlots.EnterAsync(options.Value.MaxParallelVerifications, cancellationToken).ConfigureAwait(false))
        {
            return await VerificationStep.RunAsync(input, cancellationToken, options.Value.SandboxHiddenPaths).ConfigureAwait(false);
        }
    }
}
