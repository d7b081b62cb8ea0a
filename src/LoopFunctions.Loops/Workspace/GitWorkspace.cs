using LoopFunctions.Loops.Agents.Processes;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Workspace;

/// <summary>
/// The git side of a loop. Every operation is idempotent, because an activity may run again after a crash: preparing
/// reuses the clone and branch, resetting returns to a recorded commit, committing finds its own trailer at HEAD.
/// </summary>
public static class GitWorkspace
{
    /// <summary>The trailer that makes a loop commit recognisable when the commit step is retried.</summary>
    public const string TrailerKey = "Loop-Step";

    /// <summary>Clones (or reuses) the repository, checks out the work branch from the base branch and runs setup.</summary>
    public static async Task<WorkspaceInfo> PrepareAsync(WorkspacePlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var path = System.IO.Path.Combine(plan.WorkRoot, BranchFolder(plan.WorkBranch));
        if (!Directory.Exists(System.IO.Path.Combine(path, ".git")))
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true); // a clone a crash interrupted
            }

            await CloneAsync(plan, path, cancellationToken).ConfigureAwait(false);
        }

        // The base is recorded once, in the clone, so a retried prepare reports the same base even if the remote moved.
        var recorded = (await Git.TryRunAsync(path, cancellationToken, "config", "--get", "loopfunctions.base").ConfigureAwait(false)).StandardOutput.Trim();
        var baseCommit = recorded.Length > 0 ? recorded : (await Git.RunAsync(path, cancellationToken, "rev-parse", "origin/" + plan.BaseBranch).ConfigureAwait(false)).Trim();
        await Git.RunAsync(path, cancellationToken, "config", "loopfunctions.base", baseCommit).ConfigureAwait(false);
        var branchExists = (await Git.TryRunAsync(path, cancellationToken, "rev-parse", "--verify", "--quiet", "refs/heads/" + plan.WorkBranch).ConfigureAwait(false)).ExitCode == 0;
        await Git.RunAsync(path, cancellationToken, branchExists ? ["checkout", "--quiet", plan.WorkBranch] : ["checkout", "--quiet", "-b", plan.WorkBranch, baseCommit]).ConfigureAwait(false);
        if (plan.SetupCommand is { Count: > 0 } setup)
        {
            var result = await ProcessRunner.RunAsync(new ProcessRunOptions([.. setup], path, TimeSpan.FromMinutes(30)), cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                throw new WorkspaceException($"The setup command '{string.Join(' ', setup)}' failed (exit {result.ExitCode}): {Tail(result.StandardError + result.StandardOutput)}");
            }
        }

        return new WorkspaceInfo(path, baseCommit, plan.WorkBranch);
    }

    /// <summary>Clones beside <paramref name="path"/> and renames: a clone killed halfway (SIGKILL leaves its .git
    /// behind, without the fetched refs) is never taken for a whole one by the retried step on another worker.</summary>
    private static async Task CloneAsync(WorkspacePlan plan, string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(plan.WorkRoot);
        var name = System.IO.Path.GetFileName(path);
        foreach (var leftover in Directory.EnumerateDirectories(plan.WorkRoot, name + ".partial-*"))
        {
            TryDelete(leftover);
        }

        var partial = $"{path}.partial-{Guid.NewGuid():N}";
        try
        {
            await Git.RunAsync(plan.WorkRoot, cancellationToken, "clone", "--quiet", "--branch", plan.BaseBranch, plan.Repository, partial).ConfigureAwait(false);
            Directory.Move(partial, path);
        }
        catch (IOException) when (Directory.Exists(System.IO.Path.Combine(path, ".git")))
        {
            // Another attempt of the same step finished its clone first; it is as good as this one.
        }
        finally
        {
            TryDelete(partial);
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // Still in use by a clone of a concurrent attempt; a later prepare removes it.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    /// <summary>Puts the tree back at <paramref name="commit"/>: tracked files reset, untracked files removed. Ignored
    /// files (build caches) are kept so a retried step does not rebuild from nothing.</summary>
    public static async Task ResetToAsync(string path, string commit, CancellationToken cancellationToken)
    {
        await Git.RunAsync(path, cancellationToken, "reset", "--quiet", "--hard", commit).ConfigureAwait(false);
        await Git.RunAsync(path, cancellationToken, "clean", "-fdq").ConfigureAwait(false);
    }

    /// <summary>What the working tree changed since <paramref name="commit"/>, untracked files included.</summary>
    public static async Task<IReadOnlyList<ChangedPath>> DiffAsync(string path, string commit, CancellationToken cancellationToken)
    {
        await Git.RunAsync(path, cancellationToken, "add", "--all").ConfigureAwait(false);
        var numstat = await Git.RunAsync(path, cancellationToken, "diff", "--cached", "--numstat", "-z", "--no-renames", commit).ConfigureAwait(false);
        var status = await Git.RunAsync(path, cancellationToken, "diff", "--cached", "--name-status", "-z", "--no-renames", commit).ConfigureAwait(false);
        var counts = new Dictionary<string, (int Ins, int Del)>(StringComparer.Ordinal);
        foreach (var entry in numstat.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split('\t', 3);
            if (parts.Length == 3)
            {
                counts[parts[2]] = (int.TryParse(parts[0], out var i) ? i : 0, int.TryParse(parts[1], out var d) ? d : 0);
            }
        }

        var fields = status.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var changes = new List<ChangedPath>();
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            var file = fields[i + 1];
            var (ins, del) = counts.GetValueOrDefault(file);
            changes.Add(new ChangedPath(file, fields[i][0], null, ins, del));
        }

        return changes;
    }

    /// <summary>The unified diff since <paramref name="commit"/> (for the judge), capped.</summary>
    public static async Task<string> PatchAsync(string path, string commit, CancellationToken cancellationToken)
    {
        await Git.RunAsync(path, cancellationToken, "add", "--all").ConfigureAwait(false);
        return await Git.RunAsync(path, cancellationToken, "diff", "--cached", commit).ConfigureAwait(false);
    }

    /// <summary>Commits every change with a <see cref="TrailerKey"/> trailer. Returns the commit, or null when there was
    /// nothing to commit. Retried with the same trailer, it returns the commit it made the first time.</summary>
    /// <param name="discardChangesSince">Reset the tree to this commit first (after the retry check, so a retry never
    /// undoes the commit it is looking for).</param>
    public static async Task<string?> CommitAsync(string path, string message, string trailer, bool allowEmpty, CancellationToken cancellationToken, string? discardChangesSince = null)
    {
        var head = (await Git.RunAsync(path, cancellationToken, "log", "-1", $"--format=%H%n%(trailers:key={TrailerKey},valueonly)").ConfigureAwait(false)).Split('\n');
        if (head.Length > 1 && head[1].Trim() == trailer)
        {
            return head[0].Trim();
        }

        if (discardChangesSince is not null)
        {
            await ResetToAsync(path, discardChangesSince, cancellationToken).ConfigureAwait(false);
        }

        await Git.RunAsync(path, cancellationToken, "add", "--all").ConfigureAwait(false);
        var staged = (await Git.TryRunAsync(path, cancellationToken, "diff", "--cached", "--quiet").ConfigureAwait(false)).ExitCode != 0;
        if (!staged && !allowEmpty)
        {
            return null;
        }

        await Git.RunAsync(path, cancellationToken, "commit", "--quiet", "--allow-empty", "--no-verify", "-m", message, "--trailer", $"{TrailerKey}: {trailer}").ConfigureAwait(false);
        return (await Git.RunAsync(path, cancellationToken, "rev-parse", "HEAD").ConfigureAwait(false)).Trim();
    }

    /// <summary>Squashes every commit since <paramref name="baseCommit"/> into one (<c>commit_mode: on_success</c>); idempotent.</summary>
    public static async Task SquashAsync(string path, string baseCommit, string message, CancellationToken cancellationToken)
    {
        var count = int.Parse((await Git.RunAsync(path, cancellationToken, "rev-list", "--count", baseCommit + "..HEAD").ConfigureAwait(false)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        if (count > 1)
        {
            await Git.RunAsync(path, cancellationToken, "reset", "--quiet", "--soft", baseCommit).ConfigureAwait(false);
            await Git.RunAsync(path, cancellationToken, "commit", "--quiet", "--no-verify", "-m", message).ConfigureAwait(false);
        }
    }

    /// <summary>Pushes the work branch; returns "remote/branch".</summary>
    public static async Task<string> PushAsync(string path, string remote, string branch, CancellationToken cancellationToken)
    {
        await Git.RunAsync(path, cancellationToken, "push", "--quiet", "--force-with-lease", remote, $"HEAD:refs/heads/{branch}").ConfigureAwait(false);
        return $"{remote}/{branch}";
    }

    /// <summary>
    /// Restores every path matching <paramref name="globs"/> to its content at <paramref name="commit"/>: changed and
    /// deleted files come back, added ones are removed. The anti-tampering step before every verification.
    /// </summary>
    /// <returns>The paths that had to be restored.</returns>
    public static async Task<IReadOnlyList<string>> RestorePathsAsync(string path, string commit, IReadOnlyList<PathGlob> globs, CancellationToken cancellationToken)
    {
        if (globs.Count == 0)
        {
            return [];
        }

        var restored = new List<string>();
        foreach (var change in await DiffAsync(path, commit, cancellationToken).ConfigureAwait(false))
        {
            if (!PathGlob.AnyMatch(globs, change.Path))
            {
                continue;
            }

            if (change.Kind == 'A')
            {
                await Git.RunAsync(path, cancellationToken, "rm", "--quiet", "--force", "--", change.Path).ConfigureAwait(false);
            }
            else
            {
                await Git.RunAsync(path, cancellationToken, "checkout", commit, "--", change.Path).ConfigureAwait(false);
            }

            restored.Add(change.Path);
        }

        return restored;
    }

    private static string BranchFolder(string branch) => string.Concat(branch.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    private static string Tail(string text) => text.Length > 2000 ? "..." + text[^2000..] : text.Trim();
}
