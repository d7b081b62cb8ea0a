using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Orchestration;
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

        // Beside the store by default (<store dir>/transcripts); a host on Azure Storage registers a Blob store first.
        services.TryAddSingleton<Agents.Transcripts.ITranscriptStore>(sp =>
            Agents.Transcripts.FileTranscriptStore.ForWorkRoot(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<LoopRunnerOptions>>().Value.WorkRoot));
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
