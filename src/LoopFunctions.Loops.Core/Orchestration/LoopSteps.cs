using LoopFunctions.Loops.Errors;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using Microsoft.DurableTask;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>
/// One typed call per loop step, as durabletask-dotnet's generated <c>CallXAsync</c> helpers are: each names its
/// activity, its input and output types and its retry once, and every place that runs the step calls it.
/// </summary>
/// <remarks>
/// <para>Retry: <see cref="CallLoadPlanAsync"/> runs once (a loop file that does not parse parses no better a moment later);
/// every other step runs under <see cref="StepRetry"/>: up to <see cref="StepAttempts"/> attempts, one straight after
/// the other, and none after a <see cref="StepRejectedException"/>.</para>
/// <para>Replay: a call schedules exactly the activity and input the orchestrator scheduled before these helpers
/// existed, so recorded histories replay unchanged. A retry handler adds nothing to a history whose steps succeeded;
/// a retried attempt is one more <c>TaskScheduled</c> event, never a timer (see <see cref="StepRetry"/>). Renaming an
/// activity here (<see cref="LoopActivityNames"/>) breaks in-flight runs.</para>
/// </remarks>
public static class LoopSteps
{
    /// <summary>Attempts a step gets under <see cref="StepRetry"/>.</summary>
    public const int StepAttempts = 3;

    /// <summary>Retries a step that failed for a reason a retry can change, up to <see cref="StepAttempts"/> attempts,
    /// one straight after the other; a step rejected for good (<see cref="StepRejectedException"/>: impossible usage,
    /// no sandbox, a workspace of another loop, a GitHub refusal) fails at once.</summary>
    /// <remarks>No durable timer between attempts: it would stay in the history when the failed attempts are rewound
    /// away (DTFx's rewind drops failed tasks only), and the rewound replay would then meet a timer the code has not
    /// created yet. Steps that call networks back off inside (the model client and Octokit calls retry on their own;
    /// a push that git refuses is reported, not retried).
    /// <para>The rejection is matched by its type's name, not with <see cref="TaskFailureDetails.IsCausedBy{T}"/>: that
    /// loads the failure's type by name from every assembly, and a type forwarded between framework assemblies (a
    /// <c>SocketException</c> from a step that lost its connection) is found twice and throws, failing the whole run
    /// with "Multiple exception types" instead of retrying the step. <see cref="StepRejectedException"/> is sealed,
    /// so its name is the whole test.</para></remarks>
    public static readonly TaskOptions StepRetry = TaskOptions.FromRetryHandler(retry =>
        retry.LastAttemptNumber < StepAttempts && retry.LastFailure.ErrorType != typeof(StepRejectedException).FullName);

    /// <summary>Loads the loop's plan: the input goes as stored, so a run recorded in an earlier input shape replays to
    /// the same first action. One attempt.</summary>
    public static Task<LoopPlan> CallLoadPlanAsync(this TaskOrchestrationContext context, LoopRunInput input) =>
        Context(context).CallActivityAsync<LoopPlan>(LoopActivityNames.LoadPlan, input);

    /// <summary>Loads a pull-request loop's pull request. <see cref="StepRetry"/>.</summary>
    public static Task<PullRequestInfo> CallLoadPullRequestAsync(this TaskOrchestrationContext context, PullRequestTarget target) =>
        Call<PullRequestInfo>(context, LoopActivityNames.LoadPullRequest, target);

    /// <summary>Prepares the run's workspace. <see cref="StepRetry"/>.</summary>
    public static Task<WorkspaceInfo> CallPrepareWorkspaceAsync(this TaskOrchestrationContext context, PrepareWorkspaceInput input) =>
        Call<WorkspaceInfo>(context, LoopActivityNames.PrepareWorkspace, input);

    /// <summary>Runs one agent step. <see cref="StepRetry"/>.</summary>
    public static Task<AgentStepResult> CallRunAgentAsync(this TaskOrchestrationContext context, AgentStepInput input) =>
        Call<AgentStepResult>(context, LoopActivityNames.RunAgent, input);

    /// <summary>Checks the agent's tree against the loop's path rules. <see cref="StepRetry"/>.</summary>
    public static Task<GuardOutcome> CallGuardAsync(this TaskOrchestrationContext context, GuardInput input) =>
        Call<GuardOutcome>(context, LoopActivityNames.Guard, input);

    /// <summary>Runs the checks: a baseline without a candidate, else the candidate against the baseline.
    /// <see cref="StepRetry"/>.</summary>
    public static Task<VerificationOutcome> CallVerifyAsync(this TaskOrchestrationContext context, VerifyInput input) =>
        Call<VerificationOutcome>(context, LoopActivityNames.Verify, input);

    /// <summary>Commits (once per trailer); null when there was nothing to commit. <see cref="StepRetry"/>.</summary>
    public static Task<string?> CallCommitAsync(this TaskOrchestrationContext context, CommitInput input) =>
        Call<string?>(context, LoopActivityNames.Commit, input);

    /// <summary>Pushes the loop's branch; returns where to. <see cref="StepRetry"/>.</summary>
    public static Task<string> CallPushAsync(this TaskOrchestrationContext context, PushInput input) =>
        Call<string>(context, LoopActivityNames.Push, input);

    /// <summary>Opens or updates the pull request; returns its URL. <see cref="StepRetry"/>.</summary>
    public static Task<string> CallPullRequestAsync(this TaskOrchestrationContext context, PullRequestInput input) =>
        Call<string>(context, LoopActivityNames.PullRequest, input);

    /// <summary>Uploads <c>outputs.publish</c>. <see cref="StepRetry"/>.</summary>
    public static Task<PublishResult> CallPublishAsync(this TaskOrchestrationContext context, PublishInput input) =>
        Call<PublishResult>(context, LoopActivityNames.Publish, input);

    /// <summary>Reviews a pull request's diff, or rechecks findings against the loop's work. <see cref="StepRetry"/>.</summary>
    public static Task<ReviewOutcome> CallReviewAsync(this TaskOrchestrationContext context, ReviewInput input) =>
        Call<ReviewOutcome>(context, LoopActivityNames.Review, input);

    /// <summary>Pushes a verified commit to the pull request's head, never forced. <see cref="StepRetry"/>.</summary>
    public static Task<PullRequestPushResult> CallPushToPullRequestAsync(this TaskOrchestrationContext context, PullRequestPushInput input) =>
        Call<PullRequestPushResult>(context, LoopActivityNames.PushToPullRequest, input);

    /// <summary>Replays the loop's work onto a head that moved. <see cref="StepRetry"/>.</summary>
    public static Task<RebaseResult> CallRebaseOntoHeadAsync(this TaskOrchestrationContext context, RebaseInput input) =>
        Call<RebaseResult>(context, LoopActivityNames.RebaseOntoHead, input);

    /// <summary>Puts verified work on a follow-up branch; returns the branch. <see cref="StepRetry"/>.</summary>
    public static Task<string> CallFollowUpBranchAsync(this TaskOrchestrationContext context, FollowUpBranchInput input) =>
        Call<string>(context, LoopActivityNames.HandOff, input);

    /// <summary>Summarises the failing CI jobs of a commit. <see cref="StepRetry"/>.</summary>
    public static Task<string> CallCiFailuresAsync(this TaskOrchestrationContext context, CiDetailsInput input) =>
        Call<string>(context, LoopActivityNames.CiFailures, input);

    /// <summary>Posts the review comment and the commit status; returns the comment's URL. <see cref="StepRetry"/>.</summary>
    public static Task<string> CallReportToPullRequestAsync(this TaskOrchestrationContext context, PullRequestReportInput input) =>
        Call<string>(context, LoopActivityNames.ReportToPullRequest, input);

    /// <summary>Runs the deploy command. <see cref="StepRetry"/>.</summary>
    public static Task<DeployStepResult> CallDeployAsync(this TaskOrchestrationContext context, DeployInput input) =>
        Call<DeployStepResult>(context, LoopActivityNames.Deploy, input);

    /// <summary>Runs the post-deploy checks. <see cref="StepRetry"/>.</summary>
    public static Task<IReadOnlyList<DeployCheckOutcome>> CallCheckDeploymentAsync(this TaskOrchestrationContext context, DeployInput input) =>
        Call<IReadOnlyList<DeployCheckOutcome>>(context, LoopActivityNames.CheckDeployment, input);

    /// <summary>Runs the declared rollback (or withdraws what was published). <see cref="StepRetry"/>.</summary>
    public static Task<DeployStepResult> CallRollbackDeploymentAsync(this TaskOrchestrationContext context, DeployInput input) =>
        Call<DeployStepResult>(context, LoopActivityNames.RollbackDeployment, input);

    private static Task<T> Call<T>(TaskOrchestrationContext context, string name, object input) =>
        Context(context).CallActivityAsync<T>(name, input, StepRetry);

    private static TaskOrchestrationContext Context(TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context;
    }
}
