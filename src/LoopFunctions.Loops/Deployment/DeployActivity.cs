using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Deployment;
using LoopFunctions.Loops.Orchestration.Steps;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;

namespace LoopFunctions.Loops.Deployment;

/// <summary>Runs <c>outputs.deploy</c>'s command in a clean checkout of the verified commit (see <see cref="DeployStep"/>).</summary>
public sealed class DeployActivity(IHostApplicationLifetime lifetime) : LoopActivity<DeployInput, DeployStepResult>(lifetime)
{
    protected override Task<DeployStepResult> ExecuteAsync(TaskActivityContext context, DeployInput input, CancellationToken cancellationToken)
    {
        return DeployStep.DeployAsync(input, cancellationToken);
    }
}
