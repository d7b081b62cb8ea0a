using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>
/// What every phase of one run reads and nothing changes: the context, the plan the run works with, the run's ledger
/// and its replay-safe logger. Where the run is travels separately, as a <see cref="RunPosition"/> each phase takes and
/// returns. Lives only inside one replay of the orchestration, rebuilt from recorded results every time, so it is as
/// deterministic as the orchestrator.
/// </summary>
internal sealed class LoopScope(TaskOrchestrationContext context, LoopPlan plan, LoopRunState run, ILogger log)
{
    public TaskOrchestrationContext Context => context;

    /// <summary>The plan the run works with: for a pull-request loop, on the pull request's head branch.</summary>
    public LoopPlan Plan => plan;

    public LoopRunState Run => run;

    /// <summary>Replay-safe: a replay does not log again.</summary>
    public ILogger Log => log;

    public string InstanceId => context.InstanceId;

    public DateTime Now => context.CurrentUtcDateTime;

    /// <summary>Shows where the run is in its custom status.</summary>
    /// <param name="phase">What the run does now.</param>
    /// <param name="at">Where the run is; null before its workspace exists.</param>
    /// <param name="outcome">How it ended, at the end.</param>
    /// <param name="deployment">While a deployment waits or runs: its plan.</param>
    /// <param name="awaitingCommit">While waiting for CI: the commit.</param>
    public void Publish(LoopPhase phase, RunPosition? at, LoopOutcome? outcome = null, DeploymentPreview? deployment = null, string? awaitingCommit = null) =>
        context.SetCustomStatus(run.Status(at?.Iteration ?? 0, phase, Now, outcome) with
        {
            Branch = at?.Workspace.Branch ?? plan.Workspace.WorkBranch,
            Deployment = deployment,
            AwaitingCommit = awaitingCommit,
            PushedCommit = at?.PushedCommit,
        });
}
