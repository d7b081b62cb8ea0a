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
        if (folder.Attempt is null)
        {
            // The run's own reset (the workspace's preparation, a single agent's step) takes what its last step left,
            // and what a crash left in any attempt's ledger; only orphans there, as a late duplicate of a preparation
            // (at-least-once) must not kill a live attempt. An attempt's reset takes only its own, never a sibling's.
            folder.Processes.KillLeftovers();
            folder.KillEveryLeftover(orphanedOnly: true);
        }
        else
        {
            folder.Processes.KillLeftovers();
        }

        if (folder.Attempt is not null)
        {
            await SeedAttemptAsync(folder, cancellationToken).ConfigureAwait(false);
        }

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

    /// <summary>
    /// An attempt's tree and home, the first time the attempt runs, start as copies of the run's own: what
    /// <c>workspace.setup</c> left there (installed packages, build caches the tree's <c>.gitignore</c> keeps) is what
    /// every attempt builds with, as the run's single agent would. The reset then puts the tracked files back.
    /// </summary>
    /// <remarks>Copied to a side folder and renamed into place, so a crash mid-copy leaves no half tree behind;
    /// <c>cp --reflink=auto</c> shares the blocks where the file system can.</remarks>
    private static async Task SeedAttemptAsync(RunFolder folder, CancellationToken cancellationToken)
    {
        var run = folder.ForAttempt(null);
        foreach (var (from, to) in new[] { (run.Tree, folder.Tree), (run.Home, folder.Home) })
        {
            if (Directory.Exists(to) || !Directory.Exists(from))
            {
                continue;
            }

            var partial = $"{to}.partial-{Guid.NewGuid():N}";
            Directory.CreateDirectory(partial);
            var copy = await Processes.ProcessRunner.RunAsync(new Processes.ProcessRunOptions(["cp", "-a", "--reflink=auto", from + "/.", partial], folder.Root, TimeSpan.FromMinutes(30)), cancellationToken).ConfigureAwait(false);
            if (copy.ExitCode != 0 || copy.TimedOut)
            {
                Folders.Delete(partial);
                throw new WorkspaceException($"could not copy the run's {Path.GetFileName(from)} for attempt {folder.Attempt}: {copy.StandardError.Trim()}");
            }

            Folders.Delete(Path.Combine(partial, ".git"));
            Directory.Move(partial, to);
        }
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
