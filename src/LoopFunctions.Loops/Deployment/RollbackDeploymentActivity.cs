using System.Globalization;
using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Deployment;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Publishing;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops.Deployment;

/// <summary>Rolls a failed deployment back: the declared rollback command in the deployment's checkout, or for a
/// publish deployment with <c>rollback: withdraw</c> the deletion of what it published (the link stops working).</summary>
public sealed class RollbackDeploymentActivity(IHostApplicationLifetime lifetime, IOptions<LoopRunnerOptions> options) : LoopActivity<DeployInput, DeployStepResult>(lifetime)
{
    protected override async Task<DeployStepResult> ExecuteAsync(TaskActivityContext context, DeployInput input, CancellationToken cancellationToken)
    {
        if (!input.Deploy.Withdraw)
        {
            return await DeployStep.RollbackAsync(input, cancellationToken).ConfigureAwait(false);
        }

        var published = input.Publish ?? throw new Errors.StepRejectedException("rollback: withdraw needs the publish step's result, and there is none.");
        var service = PublishLinks.Service(options.Value.PublishConnectionString, "rollback: withdraw");
        var deleted = await PublishLinks.WithdrawAsync(service, published.Container, published.Prefix, cancellationToken).ConfigureAwait(false);
        return new DeployStepResult(true, string.Create(CultureInfo.InvariantCulture, $"rollback: withdrew {deleted} blob(s) under {published.Container}/{published.Prefix}"), "");
    }
}
