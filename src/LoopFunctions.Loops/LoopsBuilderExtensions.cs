using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Budget;
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
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops;

/// <summary>Registers what a host needs to run loops: the services the activities take, and the orchestrator and
/// activities under their stable names.</summary>
public static class LoopsBuilderExtensions
{
    /// <summary>Adds the services the loop activities take from dependency injection, with
    /// <see cref="LoopRunnerOptions"/> bound from <paramref name="configuration"/>'s <c>LoopFunctions</c> section
    /// (<see cref="LoopRunnerConfiguration"/>: the keys every host reads), then <paramref name="configure"/>, then the
    /// environment fallbacks.</summary>
    /// <param name="contentRoot">What relative paths in the configuration are relative to.</param>
    public static IServiceCollection AddLoopServices(this IServiceCollection services, IConfiguration configuration, string contentRoot, Action<LoopRunnerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(contentRoot);

        // Defaults, then the binding, both before configure's Configure call, so a host's own setting (the CLI's store
        // folder) wins; the fallbacks come last (PostConfigure) and fill only what is still empty. The configuration is
        // the one given, not the container's: loopfn run binds the environment alone.
        var reading = new LoopRunnerConfiguration(configuration, Path.GetFullPath(contentRoot));
        services.AddSingleton<IConfigureOptions<LoopRunnerOptions>>(reading);
        services.AddOptions<LoopRunnerOptions>().Bind(configuration.GetSection(LoopRunnerConfiguration.Section));
        services.AddSingleton<IPostConfigureOptions<LoopRunnerOptions>>(reading);
        return services.AddLoopServices(configure);
    }

    /// <summary>Adds the services the loop activities take from dependency injection; <see cref="LoopRunnerOptions"/>
    /// are its defaults and <paramref name="configure"/>, validated by <see cref="LoopRunnerOptionsValidator"/> when the
    /// host starts.</summary>
    public static IServiceCollection AddLoopServices(this IServiceCollection services, Action<LoopRunnerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<LoopRunnerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LoopRunnerOptions>, LoopRunnerOptionsValidator>());

        services.TryAddSingleton<AgentFactory>();
        // The budget pools' clock (BudgetPool); tests give a fake one.
        services.TryAddSingleton(TimeProvider.System);

        // Beside the store by default (<store dir>/transcripts); a host on Azure Storage registers a Blob store first.
        services.TryAddSingleton<Agents.Transcripts.ITranscriptStore>(sp =>
            Agents.Transcripts.FileTranscriptStore.ForWorkRoot(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<LoopRunnerOptions>>().Value.WorkRoot));
        services.TryAddSingleton<GitHub.GitHubClientFactory>();
        return services;
    }

    /// <summary>Adds <see cref="BudgetPoolJanitor"/>, which frees the pool reservations of ended and purged runs every
    /// minute. For a worker host whose container has a <see cref="Microsoft.DurableTask.Client.DurableTaskClient"/> on
    /// a backend with entities (<c>loopfn serve</c>); the Functions app runs a timer function instead.</summary>
    public static IServiceCollection AddBudgetPoolJanitor(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BudgetPoolJanitor>();
        services.AddHostedService(sp => sp.GetRequiredService<BudgetPoolJanitor>());
        return services;
    }

    /// <summary>Registers the orchestrator, the activities and the budget pool entity (<see cref="BudgetPool"/>) under
    /// their stable names.</summary>
    /// <remarks>The names are recorded in every history (and the entity's in its instance ids): renaming one breaks the
    /// replay of running loops.</remarks>
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
            .AddActivity<FollowUpBranchActivity>(LoopActivityNames.HandOff)
            .AddActivity<CiFailuresActivity>(LoopActivityNames.CiFailures)
            .AddActivity<ReportToPullRequestActivity>(LoopActivityNames.ReportToPullRequest)
            .AddActivity<DeployActivity>(LoopActivityNames.Deploy)
            .AddActivity<CheckDeploymentActivity>(LoopActivityNames.CheckDeployment)
            .AddActivity<RollbackDeploymentActivity>(LoopActivityNames.RollbackDeployment)
            .AddEntity<BudgetPool>(BudgetPool.EntityName);
    }
}
