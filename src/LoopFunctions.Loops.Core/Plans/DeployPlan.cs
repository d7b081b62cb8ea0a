namespace LoopFunctions.Loops.Plans;

/// <summary><c>outputs.deploy</c>: after verification (and approval), deploy the verified commit, check the deployment,
/// and roll it back when a check fails.</summary>
/// <param name="Kind"><c>command</c> (a command in a clean checkout of the verified commit) or <c>publish</c> (the
/// built-in <c>outputs.publish</c> upload is the deployment; its link is the URL).</param>
/// <param name="Command">command: the argv ({commit}, {url}, {branch} replaced per argument).</param>
/// <param name="Url">The deployed URL the checks use as <c>{url}</c>; for publish, default its link.</param>
/// <param name="Checks">The post-deploy checks, in order.</param>
/// <param name="Rollback">The rollback command's argv, run in the deployment's checkout when the deployment or a
/// check fails; null for none.</param>
/// <param name="Withdraw">publish: the rollback deletes what the deployment published under its prefix.</param>
/// <param name="Timeout">Per command (deploy, rollback).</param>
/// <param name="Environment">Host environment variables passed to the deploy, check and rollback commands.</param>
public sealed record DeployPlan(
    DeployKind Kind,
    IReadOnlyList<string>? Command,
    string? Url,
    IReadOnlyList<DeployCheckPlan> Checks,
    IReadOnlyList<string>? Rollback,
    bool Withdraw,
    TimeSpan Timeout,
    IReadOnlyList<string> Environment)
{
    /// <summary>Whether the built-in publish is the deployment.</summary>
    public bool IsPublish => Kind == DeployKind.Publish;
}
