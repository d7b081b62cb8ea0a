using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Budget;
using LoopFunctions.Loops.Commit;
using LoopFunctions.Loops.Deployment;
using LoopFunctions.Loops.Guard;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Planning;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Preparation;
using LoopFunctions.Loops.Publishing;
using LoopFunctions.Loops.PullRequest;
using LoopFunctions.Loops.Push;
using LoopFunctions.Loops.Review;
using LoopFunctions.Loops.Verification;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.Functions.Activities;

/// <summary>The loop's activities on Azure Functions: each function runs the activity class <c>loopfn</c> runs, made
/// from the app's services, under the name the orchestrator calls it by.</summary>
/// <remarks>At-least-once: like every host, the Functions runtime may run an activity again after a crash or a scale-in;
/// the activities are idempotent (each step starts from its recorded commit and finds its own commit by its trailer).</remarks>
public static class LoopActivityFunctions
{
    [Function(LoopActivityNames.LoadPlan)]
    public static Task<LoopPlan> LoadPlanAsync([ActivityTrigger] LoopRunInput input, string instanceId, FunctionContext context) =>
        RunAsync<LoadPlanActivity, LoopRunInput, LoopPlan>(LoopActivityNames.LoadPlan, input, instanceId, context);

    [Function(LoopActivityNames.PrepareWorkspace)]
    public static Task<WorkspaceInfo> PrepareWorkspaceAsync([ActivityTrigger] PrepareWorkspaceInput input, string instanceId, FunctionContext context) =>
        RunAsync<PrepareWorkspaceActivity, PrepareWorkspaceInput, WorkspaceInfo>(LoopActivityNames.PrepareWorkspace, input, instanceId, context);

    /// <summary>The agent step. A pooled step first asks its pool whether it still holds the step's reservation: the pool
    /// is an entity, read through a <see cref="DurableTaskClient"/>, which an isolated Functions app has only as this
    /// invocation's <c>[DurableClient]</c> binding (never as a service), so the step gets a reader over it.</summary>
    [Function(LoopActivityNames.RunAgent)]
    public static Task<AgentStepResult> RunAgentAsync([ActivityTrigger] AgentStepInput input, string instanceId, [DurableClient] DurableTaskClient client, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(context);
        var activity = ActivatorUtilities.CreateInstance<RunAgentActivity>(context.InstanceServices, BudgetPoolReader.Over(client));
        return activity.RunAsync(new FunctionActivityContext(LoopActivityNames.RunAgent, instanceId), input);
    }

    [Function(LoopActivityNames.Guard)]
    public static Task<GuardOutcome> GuardAsync([ActivityTrigger] GuardInput input, string instanceId, FunctionContext context) =>
        RunAsync<GuardActivity, GuardInput, GuardOutcome>(LoopActivityNames.Guard, input, instanceId, context);

    [Function(LoopActivityNames.Verify)]
    public static Task<VerificationOutcome> VerifyAsync([ActivityTrigger] VerifyInput input, string instanceId, FunctionContext context) =>
        RunAsync<VerifyActivity, VerifyInput, VerificationOutcome>(LoopActivityNames.Verify, input, instanceId, context);

    [Function(LoopActivityNames.Commit)]
    public static Task<string?> CommitAsync([ActivityTrigger] CommitInput input, string instanceId, FunctionContext context) =>
        RunAsync<CommitActivity, CommitInput, string?>(LoopActivityNames.Commit, input, instanceId, context);

    [Function(LoopActivityNames.Push)]
    public static Task<string> PushAsync([ActivityTrigger] PushInput input, string instanceId, FunctionContext context) =>
        RunAsync<PushActivity, PushInput, string>(LoopActivityNames.Push, input, instanceId, context);

    [Function(LoopActivityNames.PullRequest)]
    public static Task<string> PullRequestAsync([ActivityTrigger] PullRequestInput input, string instanceId, FunctionContext context) =>
        RunAsync<PullRequestActivity, PullRequestInput, string>(LoopActivityNames.PullRequest, input, instanceId, context);

    [Function(LoopActivityNames.Publish)]
    public static Task<PublishResult> PublishAsync([ActivityTrigger] PublishInput input, string instanceId, FunctionContext context) =>
        RunAsync<PublishActivity, PublishInput, PublishResult>(LoopActivityNames.Publish, input, instanceId, context);

    [Function(LoopActivityNames.LoadPullRequest)]
    public static Task<PullRequestInfo> LoadPullRequestAsync([ActivityTrigger] PullRequestTarget input, string instanceId, FunctionContext context) =>
        RunAsync<LoadPullRequestActivity, PullRequestTarget, PullRequestInfo>(LoopActivityNames.LoadPullRequest, input, instanceId, context);

    [Function(LoopActivityNames.Review)]
    public static Task<ReviewOutcome> ReviewAsync([ActivityTrigger] ReviewInput input, string instanceId, FunctionContext context) =>
        RunAsync<ReviewActivity, ReviewInput, ReviewOutcome>(LoopActivityNames.Review, input, instanceId, context);

    [Function(LoopActivityNames.PushToPullRequest)]
    public static Task<PullRequestPushResult> PushToPullRequestAsync([ActivityTrigger] PullRequestPushInput input, string instanceId, FunctionContext context) =>
        RunAsync<PushToPullRequestActivity, PullRequestPushInput, PullRequestPushResult>(LoopActivityNames.PushToPullRequest, input, instanceId, context);

    [Function(LoopActivityNames.RebaseOntoHead)]
    public static Task<RebaseResult> RebaseOntoHeadAsync([ActivityTrigger] RebaseInput input, string instanceId, FunctionContext context) =>
        RunAsync<RebaseOntoHeadActivity, RebaseInput, RebaseResult>(LoopActivityNames.RebaseOntoHead, input, instanceId, context);

    [Function(LoopActivityNames.HandOff)]
    public static Task<string> FollowUpBranchAsync([ActivityTrigger] FollowUpBranchInput input, string instanceId, FunctionContext context) =>
        RunAsync<FollowUpBranchActivity, FollowUpBranchInput, string>(LoopActivityNames.HandOff, input, instanceId, context);

    [Function(LoopActivityNames.CiFailures)]
    public static Task<string> CiFailuresAsync([ActivityTrigger] CiDetailsInput input, string instanceId, FunctionContext context) =>
        RunAsync<CiFailuresActivity, CiDetailsInput, string>(LoopActivityNames.CiFailures, input, instanceId, context);

    [Function(LoopActivityNames.ReportToPullRequest)]
    public static Task<string> ReportToPullRequestAsync([ActivityTrigger] PullRequestReportInput input, string instanceId, FunctionContext context) =>
        RunAsync<ReportToPullRequestActivity, PullRequestReportInput, string>(LoopActivityNames.ReportToPullRequest, input, instanceId, context);

    [Function(LoopActivityNames.Deploy)]
    public static Task<DeployStepResult> DeployAsync([ActivityTrigger] DeployInput input, string instanceId, FunctionContext context) =>
        RunAsync<DeployActivity, DeployInput, DeployStepResult>(LoopActivityNames.Deploy, input, instanceId, context);

    [Function(LoopActivityNames.CheckDeployment)]
    public static Task<IReadOnlyList<DeployCheckOutcome>> CheckDeploymentAsync([ActivityTrigger] DeployInput input, string instanceId, FunctionContext context) =>
        RunAsync<CheckDeploymentActivity, DeployInput, IReadOnlyList<DeployCheckOutcome>>(LoopActivityNames.CheckDeployment, input, instanceId, context);

    [Function(LoopActivityNames.RollbackDeployment)]
    public static Task<DeployStepResult> RollbackDeploymentAsync([ActivityTrigger] DeployInput input, string instanceId, FunctionContext context) =>
        RunAsync<RollbackDeploymentActivity, DeployInput, DeployStepResult>(LoopActivityNames.RollbackDeployment, input, instanceId, context);

    private static Task<TOutput> RunAsync<TActivity, TInput, TOutput>(string name, TInput input, string instanceId, FunctionContext context)
        where TActivity : TaskActivity<TInput, TOutput>
    {
        ArgumentNullException.ThrowIfNull(context);
        var activity = ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(context.InstanceServices);
        return activity.RunAsync(new FunctionActivityContext(name, instanceId), input);
    }
}
