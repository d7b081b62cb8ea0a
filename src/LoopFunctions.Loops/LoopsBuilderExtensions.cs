using LoopFunctions.Durable.DependencyInjection;
using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Orchestration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoopFunctions.Loops;

/// <summary><c>services.AddLoopFunctions().UseSqlite(...).AddLoops(o =&gt; o.WorkRoot = ...)</c>: the loop orchestrator and its activities.</summary>
public static class LoopsBuilderExtensions
{
    public static ILoopFunctionsBuilder AddLoops(this ILoopFunctionsBuilder builder, Action<LoopRunnerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<LoopRunnerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddSingleton<AgentFactory>();
        return builder.AddTasks(RegisterTasks);
    }

    /// <summary>Registers the orchestrator and activities under their stable names.</summary>
    public static void RegisterTasks(Durable.DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry
            .AddOrchestrator<LoopOrchestrator>(LoopActivityNames.Orchestrator)
            .AddActivity<LoadPlanActivity>(LoopActivityNames.LoadPlan)
            .AddActivity<PrepareWorkspaceActivity>(LoopActivityNames.PrepareWorkspace)
            .AddActivity<RunAgentActivity>(LoopActivityNames.RunAgent)
            .AddActivity<GuardActivity>(LoopActivityNames.Guard)
            .AddActivity<VerifyActivity>(LoopActivityNames.Verify)
            .AddActivity<CommitActivity>(LoopActivityNames.Commit)
            .AddActivity<PushActivity>(LoopActivityNames.Push)
            .AddActivity<PullRequestActivity>(LoopActivityNames.PullRequest)
            .AddActivity<PublishActivity>(LoopActivityNames.Publish);
    }
}
