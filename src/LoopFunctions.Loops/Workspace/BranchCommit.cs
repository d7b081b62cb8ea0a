using LoopFunctions.Loops.Orchestration.Steps;

namespace LoopFunctions.Loops.Workspace;

/// <summary>
/// Moves the loop branch of the project's repository to a new commit: the tree of a verified candidate (or the
/// branch's own tree, for a closing note), the message passed through a file (any length), and a
/// <see cref="GitWorkspace.TrailerKey"/> trailer that makes a retried step find the commit it already made.
/// </summary>
public static class BranchCommit
{
    /// <returns>The new commit, the one a retried step already made, or null when there was nothing to commit.</returns>
    /// <exception cref="WorkspaceException">The branch is not where the step started (another writer moved it).</exception>
    public static async Task<string?> CommitAsync(CommitInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var folder = new RunFolder(input.Workspace.Path);
        var branch = "refs/heads/" + input.Workspace.Branch;
        var tip = (await Git.RunAsync(folder.GitCall("rev-parse", "--verify", branch), cancellationToken).ConfigureAwait(false)).Trim();
        if (await TrailerAsync(folder, tip, cancellationToken).ConfigureAwait(false) == input.Trailer)
        {
            return tip;
        }

        if (input.Head is { } head && head != tip)
        {
            throw new WorkspaceException($"The loop branch {input.Workspace.Branch} is at {tip}, not at {head} where this step started; refusing to move it.");
        }

        // What a crash left in any attempt's ledger must not live on while the branch moves. Only groups whose owner is
        // dead: a late duplicate of this step (at-least-once) must not kill the live steps of the iteration after it.
        folder.KillEveryLeftover(orphanedOnly: true);

        var tree = await GitTrees.TreeOfAsync(folder, input.Candidate ?? input.DiscardChangesSince ?? tip, cancellationToken).ConfigureAwait(false);
        if (!input.AllowEmpty && tree == await GitTrees.TreeOfAsync(folder, tip, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var commit = await CommitTreeAsync(folder, tree, tip, $"{input.Message.TrimEnd()}\n\n{GitWorkspace.TrailerKey}: {input.Trailer}\n", cancellationToken).ConfigureAwait(false);
        await Git.RunAsync(folder.GitCall("update-ref", branch, commit, tip), cancellationToken).ConfigureAwait(false);
        await RescueBranch.ClearAsync(folder, input.Workspace.Branch, cancellationToken).ConfigureAwait(false);
        return commit;
    }

    /// <summary>A commit of <paramref name="tree"/> on <paramref name="parent"/>; the message goes through a file,
    /// since an argument is limited to 128 KiB.</summary>
    internal static async Task<string> CommitTreeAsync(RunFolder folder, string tree, string parent, string message, CancellationToken cancellationToken)
    {
        var file = folder.NewScratchFile("message");
        try
        {
            await File.WriteAllTextAsync(file, message, cancellationToken).ConfigureAwait(false);
            return (await Git.RunAsync(folder.GitCall("commit-tree", tree, "-p", parent, "-F", file), cancellationToken).ConfigureAwait(false)).Trim();
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> TrailerAsync(RunFolder folder, string commit, CancellationToken cancellationToken) =>
        (await Git.RunAsync(folder.GitCall("log", "-1", $"--format=%(trailers:key={GitWorkspace.TrailerKey},valueonly)", commit), cancellationToken).ConfigureAwait(false)).Trim();
}
