namespace LoopFunctions.Loops.Workspace;

/// <summary>
/// The agent's working tree: reset to a commit before every agent step, with a fresh repository of its own in
/// <c>tree/.git</c>. That repository is the agent's to use (aider commits, agents run <c>git diff</c>); it shares the
/// project's objects read-only through an alternate and is thrown away, whatever was done to it, at the next reset.
/// </summary>
public static class WorkTree
{
    /// <summary>Kills what the last step left running, puts the tree back at <paramref name="commit"/> (tracked files
    /// rewritten, untracked ones removed; files the tree's <c>.gitignore</c> ignores, build caches, are kept) and gives
    /// the agent a fresh repository on <paramref name="branch"/> at that commit.</summary>
    public static async Task ResetAsync(RunFolder folder, string commit, string branch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        folder.Processes.KillLeftovers();
        var agentGit = Path.Combine(folder.Tree, ".git");
        Folders.Delete(agentGit);
        Directory.CreateDirectory(folder.Tree);
        Directory.CreateDirectory(folder.Home);
        var index = folder.NewScratchFile("tree.index");
        try
        {
            await Git.RunAsync(folder.GitCall("read-tree", commit) with { IndexFile = index }, cancellationToken).ConfigureAwait(false);
            var inTree = folder.GitCall() with { IndexFile = index, WorkTree = folder.Tree, Directory = folder.Tree };
            await Git.RunAsync(inTree with { Args = ["clean", "-ffdq"] }, cancellationToken).ConfigureAwait(false);
            await Git.RunAsync(inTree with { Args = ["checkout-index", "--all", "--force"] }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(index);
        }

        var template = Directory.CreateDirectory(Path.Combine(folder.Scratch, "empty-template")).FullName;
        await Git.RunAsync(folder.Root, cancellationToken, "init", "--quiet", "--template=" + template, folder.Tree).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(agentGit, "objects", "info", "alternates"), Path.Combine(folder.GitDir, "objects") + "\n", cancellationToken).ConfigureAwait(false);
        var agent = new GitCall(folder.Tree, []) { GitDir = agentGit, WorkTree = folder.Tree };
        await Git.RunAsync(agent with { Args = ["update-ref", "refs/heads/" + branch, commit] }, cancellationToken).ConfigureAwait(false);
        await Git.RunAsync(agent with { Args = ["symbolic-ref", "HEAD", "refs/heads/" + branch] }, cancellationToken).ConfigureAwait(false);
        await Git.RunAsync(agent with { Args = ["config", "user.name", "LoopFunctions agent"] }, cancellationToken).ConfigureAwait(false);
        await Git.RunAsync(agent with { Args = ["config", "user.email", "agent@localhost"] }, cancellationToken).ConfigureAwait(false);
        await Git.RunAsync(agent with { Args = ["read-tree", commit] }, cancellationToken).ConfigureAwait(false);
        // Stat information, so the agent's first `git status` is quick and clean; "needs update" exits 1 harmlessly.
        await Git.TryRunAsync(agent with { Args = ["update-index", "-q", "--refresh"] }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The regular files of <paramref name="commit"/> that <paramref name="protect"/> covers, as paths in the
    /// tree: the sandbox shows them read-only.</summary>
    public static async Task<IReadOnlyList<string>> ProtectedFilesAsync(RunFolder folder, string commit, IReadOnlyList<PathGlob> protect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(protect);
        if (protect.Count == 0)
        {
            return [];
        }

        var entries = await GitTrees.ListAsync(folder, commit, cancellationToken).ConfigureAwait(false);
        return entries.Where(e => e.Value.Mode is "100644" or "100755" && PathGlob.AnyMatch(protect, e.Key))
            .Select(e => Path.Combine(folder.Tree, e.Key))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
