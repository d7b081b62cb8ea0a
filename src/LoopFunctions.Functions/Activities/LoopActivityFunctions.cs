using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.Functions.Activities;

/// <summary>The loop's activities on Azure Functions: each function runs the activity class <c>loopfn</c> runs, made
/// from the app's services, under the name the orchestrator calls it by.</summary>
/// <remarks>At-least-once: like every host, the Functions runtime may run an activity again after a crash or a scale-in;
/// the activities are idempotent (each step starts from its recorded commit and finds its own commit by its trailer).</remarks>
public static class LoopActivityFunctions
{
    [Function(LoopActivityNames.LoadPlan)]
    public static Task<LoopPlan> LoadPlanAsync([ActivityTrigger] LoopRunRequest input, string instanceId, FunctionContext context) =>
        RunAsync<LoadPlanActivity, LoopRunRequest, LoopPlan>(LoopActivityNames.LoadPlan, input, instanceId, context);

    [Function(LoopActivityNames.PrepareWorkspace)]
    public static Task<WorkspaceInfo> PrepareWorkspaceAsync([ActivityTrigger] PrepareWorkspaceInput input, string instanceId, FunctionContext context) =>
        RunAsync<PrepareWorkspaceActivity, PrepareWorkspaceInput, WorkspaceInfo>(LoopActivityNames.PrepareWorkspace, input, instanceId, context);

    [Function(LoopActivityNames.RunAgent)]
    public static Task<AgentStepResult> RunAgentAsync([ActivityTrigger] AgentStepInput input, string instanceId, FunctionContext context) =>
        RunAsync<RunAgentActivity, AgentStepInput, AgentStepResult>(LoopActivityNames.RunAgent, input, instanceId, context);

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

    private static Task<TOutput> RunAsync<TActivity, TInput, TOutput>(string name, TInput input, string instanceId, FunctionContext context)
        where TActivity : TaskActivity<TInput, TOutput>
    {
        ArgumentNullException.ThrowIfNull(context);
        var activity = ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(context.InstanceServices);
        return activity.RunAsync(new FunctionActivityContext(name, instanceId), input);
    }
}
