using LoopFunctions.Loops.Orchestration.Steps;

namespace LoopFunctions.Loops.Workspace;

/// <summary>
/// The rescue branch of a run whose step failed for good (its attempts used up, or it kept ending its worker): a commit
/// on <c>{loop branch}-handoff</c> (the suffix predates the name; loop files, docs and users' scripts know it) holding the work that can be kept, with a note naming the step and why it failed.
/// </summary>
/// <remarks>
/// The loop branch itself does not move: the run ends as a Failed orchestration, and a rewind re-runs the failed step
/// from the branch as it was. Only what the guard allowed is kept (the step's approved candidate, else the branch
/// tip): an agent's half-done, unchecked tree is never committed. The next iteration that commits on the loop branch
/// deletes a stale rescue branch.
/// </remarks>
public static class RescueBranch
{
    /// <summary>What the rescue branch appends to the loop branch's name.</summary>
    public const string Suffix = "-handoff";

    /// <summary>Writes (or replaces) the rescue branch; returns its commit, or <see langword="null"/> when the run has no
    /// project repository yet.</summary>
    public static async Task<string?> WriteAsync(IWorkspaceStep step, string stepName, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        var folder = new RunFolder(step.Workspace.Path);
        var branch = "refs/heads/" + step.Workspace.Branch;
        var tip = await Git.TryRunAsync(folder.GitCall("rev-parse", "--verify", branch), cancellationToken).ConfigureAwait(false);
        if (!Directory.Exists(folder.GitDir) || tip.ExitCode != 0)
        {
            return null;
        }

        var parent = tip.StandardOutput.Trim();
        var tree = await GitTrees.TreeOfAsync(folder, step.ApprovedCandidate ?? parent, cancellationToken).ConfigureAwait(false);
        var kept = step.ApprovedCandidate is null ? "the loop branch as it was" : $"the candidate {step.ApprovedCandidate[..12]} the guard allowed";
        var message = $"""
            loop hand-off: step '{stepName}' failed

            {reason.Trim()}

            This commit holds {kept}. The loop branch {step.Workspace.Branch} stays at {parent[..12]}: rewinding the
            run re-runs the failed step from there.
            """;
        var commit = await BranchCommit.CommitTreeAsync(folder, tree, parent, message, cancellationToken).ConfigureAwait(false);
        await Git.RunAsync(folder.GitCall("update-ref", branch + Suffix, commit), cancellationToken).ConfigureAwait(false);
        return commit;
    }

    /// <summary>Deletes a rescue branch left by an earlier failure, once the loop branch moved on.</summary>
    public static async Task ClearAsync(RunFolder folder, string branch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        await Git.TryRunAsync(folder.GitCall("update-ref", "-d", "refs/heads/" + branch + Suffix), cancellationToken).ConfigureAwait(false);
    }
}
