using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Deployment;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Publishing;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops.Deployment;

/// <summary>Runs the post-deploy checks (see <see cref="DeployChecks"/>). For a private publish deployment the link is
/// signed here, inside the activity, so its SAS is never part of the input or the history.</summary>
public sealed class CheckDeploymentActivity(IHostApplicationLifetime lifetime, IOptions<LoopRunnerOptions> options) : LoopActivity<DeployInput, IReadOnlyList<DeployCheckOutcome>>(lifetime)
{
    protected override Task<IReadOnlyList<DeployCheckOutcome>> ExecuteAsync(TaskActivityContext context, DeployInput input, CancellationToken cancellationToken)
    {
        if (input is { Deploy.IsPublish: true, PublishPlan.IsPublic: false, Publish: { ExpiresAt: { } expires } published })
        {
            var service = PublishLinks.Service(options.Value.PublishConnectionString, "checking a private publish deployment");
            input = input with { Url = PublishLinks.Signed(service, input.Url ?? published.Url, expires) };
        }

        return DeployChecks.RunAsync(input, cancellationToken);
    }
}
