using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Commit;
using LoopFunctions.Loops.Deployment;
using LoopFunctions.Loops.Guard;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Planning;
using LoopFunctions.Loops.Preparation;
using LoopFunctions.Loops.Publishing;
using LoopFunctions.Loops.PullRequest;
using LoopFunctions.Loops.Push;
using LoopFunctions.Loops.Review;
using LoopFunctions.Loops.Verification;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoopFunctions.Loops;

/// <summary>Registers what a host needs to run loops: the services the activities take, and the orchestrator and
/// activities under their stable names.</summary>
public static class LoopsBuilderExtensions
{
    /// <summary>Adds the services the loop activities take from dependency injection.</summary>
    public static IServiceCollection AddLoopServices(this IServiceCollection services, Action<LoopRunnerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<LoopRunnerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<AgentFactory>();
        services.TryAddSingleton<GitHub.GitHubClientFactory>();
        return services;
    }

    /// <summary>Registers the orchestrator and activities under their stable names.</summary>
    /// <remarks>The names are recorded in every history: renaming one breaks the replay of running loops.</remarks>
    public static DurableTaskRegistry AddLoopTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddOrchestrator<LoopOrchestrator>(LoopActivityNames.Orchestrator)
            .AddActivity<LoadPlanActivity>(LoopActivityNames.LoadPlan)
            .AddActivity<PrepareWorkspaceActivity>(LoopActivityNames.PrepareWorkspace)
            .AddActivity<RunAgentActivity>(LoopActivityNames.RunAgent)
            .AddActivity<GuardActivity>(LoopActivityNames.Guard)
            .AddActivity<VerifyActivity>(LoopActivityNames.Verify)
            .AddActivity<CommitActivity>(LoopActivityNames.Commit)
            .AddActivity<PushActivity>(LoopActivityNames.Push)
            .AddActivity<PullRequestActivity>(LoopActivityNames.PullRequest)
            .AddActivity<PublishActivity>(LoopActivityNames.Publish)
            .AddActivity<LoadPullRequestActivity>(LoopActivityNames.LoadPullRequest)
            .AddActivity<ReviewActivity>(LoopActivityNames.Review)
            .AddActivity<PushToPullRequestActivity>(LoopActivityNames.PushToPullRequest)
            .AddActivity<RebaseOntoHeadActivity>(LoopActivityNames.RebaseOntoHead)
            .AddActivity<HandOffActivity>(LoopActivityNames.HandOff)
            .AddActivity<CiFailuresActivity>(LoopActivityNames.CiFailures)
            .AddActivity<ReportToPullRequestActivity>(LoopActivityNames.ReportToPullRequest)
            .AddActivity<DeployActivity>(LoopActivityNames.Deploy)
            .AddActivity<CheckDeploymentActivity>(LoopActivityNames.CheckDeployment)
            .AddActivity<RollbackDeploymentActivity>(LoopActivityNames.RollbackDeployment);
    }
}
