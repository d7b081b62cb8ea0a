namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>The deployment plan a person approves (<c>approve: [deploy]</c>) and the dashboard shows: what is deployed,
/// where, and which commit.</summary>
/// <param name="What">The command (its argv joined) or <c>publish {folder} to {container}/{prefix}</c>.</param>
/// <param name="Where">The deployed URL, when the loop names one.</param>
/// <param name="Commit">The verified commit that is deployed.</param>
/// <param name="Branch">Its branch.</param>
/// <param name="Checks">The post-deploy checks' names.</param>
/// <param name="Rollback">The rollback (its argv joined, <c>withdraw</c>), or null for none.</param>
public sealed record DeploymentPreview(string What, string? Where, string Commit, string Branch, IReadOnlyList<string> Checks, string? Rollback);
