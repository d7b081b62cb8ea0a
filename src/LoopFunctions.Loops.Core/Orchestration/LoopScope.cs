using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using Microsoft.DurableTask;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>
/// One run as the orchestrator's phases share it: the context, the plan, the bookkeeping, and where the run is (its
/// workspace, its baseline, the pull request's head as the loop last saw it). Lives only inside one replay of the
/// orchestration, rebuilt from recorded results every time, so it is as deterministic as the orchestrator.
/// </summary>
internal sealed class LoopScope(TaskOrchestrationContext context, LoopPlan plan, LoopRunState run)
{
    /// <summary>Steps get up to this many attempts.</summary>
    public const int StepAttempts = 3;

    /// <summary>Retries a step that failed for a reason a retry can change, up to <see cref="StepAttempts"/> attempts, one
    /// straight after the other; a step rejected for good (<see cref="Errors.StepRejectedException"/>: impossible usage,
    /// no sandbox, a workspace of another loop, a GitHub refusal) fails at once.</summary>
    /// <remarks>No durable timer between attempts: it would stay in the history when the failed attempts are rewound
    /// away (DTFx's rewind drops failed tasks only), and the rewound replay would then meet a timer the code has not
    /// created yet. Steps that call networks back off inside (the model client and Octokit calls retry on their own;
    /// a push that git refuses is reported, not retried).</remarks>
    public static readonly TaskOptions StepRetry = TaskOptions.FromRetryHandler(retry =>
        retry.LastAttemptNumber < StepAttempts && !retry.LastFailure.IsCausedBy<Errors.StepRejectedException>());

    public TaskOrchestrationContext Context => context;

    public LoopPlan Plan { get; set; } = plan;

    public LoopRunState Run => run;

    public int Iteration { get; set; }

    public WorkspaceInfo? Workspace { get; set; }

    /// <summary>The baseline's data; a pull-request loop runs it again when the head it builds on moves.</summary>
    public string? Baseline { get; set; }

    /// <summary>For a pull-request loop: the pull request as loaded.</summary>
    public PullRequestInfo? PullRequest { get; set; }

    /// <summary>For a pull-request loop: where its head branch is as far as the loop knows (its start, then its own
    /// pushes); a push expects the remote there.</summary>
    public string? RemoteHead { get; set; }

    /// <summary>Whether a person approved this run's outputs; one approval covers every listed step.</summary>
    public bool Approved { get; set; }

    /// <summary>Shown in the custom status while a deployment waits or runs.</summary>
    public DeploymentPreview? Deployment { get; set; }

    /// <summary>Shown in the custom status while waiting for CI.</summary>
    public string? AwaitingCommit { get; set; }

    /// <summary>The last commit this run pushed to the pull request's head; shown in the custom status.</summary>
    public string? PushedCommit { get; set; }

    public DateTime Now => context.CurrentUtcDateTime;

    public void Publish(LoopPhase phase, LoopOutcome? outcome = null) => context.SetCustomStatus(run.Status(Iteration, phase, Now, outcome) with
    {
        Branch = Workspace?.Branch ?? Plan.Workspace.WorkBranch,
        Deployment = Deployment,
        AwaitingCommit = AwaitingCommit,
        PushedCommit = PushedCommit,
    });

    /// <summary>Calls an activity, retried as <see cref="StepRetry"/> says unless <paramref name="retry"/> is false.</summary>
    public Task<T> CallAsync<T>(string name, object input, bool retry = true) =>
        context.CallActivityAsync<T>(name, input, retry ? StepRetry : null);
}
