using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>Deploy a verified commit, check it, or roll it back. Holds no secret: the commands get the host variables
/// the loop names, read in the activity.</summary>
/// <param name="Workspace">The run's workspace.</param>
/// <param name="Deploy">The deployment plan.</param>
/// <param name="Commit">The verified commit.</param>
/// <param name="Url">The deployed URL, rendered (or the publish link); null when none is known.</param>
/// <param name="Setup">The loop's setup command, run in the clean checkout before the deployment command.</param>
/// <param name="Publish">publish deployments: the publish step's result (the rollback withdraws its prefix).</param>
/// <param name="PublishPlan">publish deployments: the publish plan.</param>
public sealed record DeployInput(
    WorkspaceInfo Workspace,
    DeployPlan Deploy,
    string Commit,
    string? Url,
    IReadOnlyList<string>? Setup = null,
    PublishResult? Publish = null,
    PublishPlan? PublishPlan = null) : IWorkspaceStep;
