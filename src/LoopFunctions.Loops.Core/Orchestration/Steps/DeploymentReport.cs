namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>What the deployment of a run did: the plan, the deployment step, each check, and the rollback.</summary>
/// <param name="Plan">What was deployed, where, which commit.</param>
/// <param name="Succeeded">Deployed and every check passed.</param>
/// <param name="Deploy">The deployment step.</param>
/// <param name="Checks">The post-deploy checks, in order (none when the deployment itself failed).</param>
/// <param name="Rollback">The rollback, when one ran.</param>
public sealed record DeploymentReport(DeploymentPreview Plan, bool Succeeded, DeployStepResult Deploy, IReadOnlyList<DeployCheckOutcome> Checks, DeployStepResult? Rollback);
