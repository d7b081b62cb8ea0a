using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.PullRequest;

/// <summary>
/// Delivers a pull-request loop's verified commit to the pull request's head branch, never with a force: the push is
/// a plain fast-forward, so git itself refuses it when the branch holds commits the loop has not seen. What happens
/// then is the caller's (rebase and re-verify, or hand off to a follow-up branch; see docs/loop-reference.md).
/// </summary>
public static class PullRequestPush
{
    /// <summary>Pushes <see cref="PullRequestPushInput.Commit"/> to the head branch when that is a fast-forward of what
    /// the remote holds; reports a moved head or a refusal instead of failing.</summary>
    /// <exception cref="WorkspaceException">git failed for another reason (the network, say): the step is retried.</exception>
    public static async Task<PullRequestPushResult> PushAsync(PullRequestPushInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var folder = new RunFolder(input.Workspace.Path);
        var branch = input.Workspace.Branch;
        var remote = await PullRequestWorkspace.FetchAsync(folder, input.Remote, branch, cancellationToken).ConfigureAwait(false);
        if (remote == input.Commit)
        {
            return new PullRequestPushResult(PullRequestPushStatus.Pushed, remote); // a retry after the push went through
        }

        if (remote != input.Expected && !await PullRequestWorkspace.IsAncestorAsync(folder, remote, input.Commit, cancellationToken).ConfigureAwait(false))
        {
            return new PullRequestPushResult(PullRequestPushStatus.Moved, remote, $"{branch} is at {Short(remote)}, not at {Short(input.Expected)} where the loop's work started");
        }

        var push = await Git.TryRunAsync(folder.GitCall("push", "--porcelain", input.Remote, $"{input.Commit}:refs/heads/{branch}") with { Remote = true }, cancellationToken).ConfigureAwait(false);
        if (push.ExitCode == 0 && !push.TimedOut)
        {
            return new PullRequestPushResult(PullRequestPushStatus.Pushed, input.Commit);
        }

        var said = (push.StandardOutput + "\n" + push.StandardError).Trim();
        if (said.Contains("[rejected]", StringComparison.Ordinal))
        {
            // Someone pushed between the fetch and the push: git refused a non-fast-forward, as it should.
            var now = await PullRequestWorkspace.FetchAsync(folder, input.Remote, branch, cancellationToken).ConfigureAwait(false);
            return new PullRequestPushResult(PullRequestPushStatus.Moved, now, $"{branch} moved to {Short(now)} while the loop pushed");
        }

        if (said.Contains("[remote rejected]", StringComparison.Ordinal) || Refused(said))
        {
            return new PullRequestPushResult(PullRequestPushStatus.Denied, remote, Tail(said));
        }

        throw new WorkspaceException($"pushing {Short(input.Commit)} to {input.Remote}/{branch} failed: {Tail(said)}");
    }

    /// <summary>Replays the loop's changes (<see cref="RebaseInput.From"/> to <see cref="RebaseInput.Tip"/>) on the moved
    /// head as one candidate commit, when the head only moved forward and the changes merge without conflict and without
    /// touching a protected path.</summary>
    public static async Task<RebaseResult> RebaseAsync(RebaseInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var folder = new RunFolder(input.Workspace.Path);
        if (!await PullRequestWorkspace.HasCommitAsync(folder, input.Onto, cancellationToken).ConfigureAwait(false))
        {
            await PullRequestWorkspace.FetchAsync(folder, "origin", input.Workspace.Branch, cancellationToken).ConfigureAwait(false);
        }

        if (!await PullRequestWorkspace.IsAncestorAsync(folder, input.From, input.Onto, cancellationToken).ConfigureAwait(false))
        {
            return new RebaseResult(false, null, [$"the head was rewritten: {Short(input.Onto)} does not contain {Short(input.From)}, where the loop's work started"]);
        }

        // The merge base of the new head and the loop's tip is From (both descend from it), so this is a three-way
        // merge of the loop's changes into the new head, computed on trees alone.
        var merge = await Git.TryRunAsync(folder.GitCall("merge-tree", "--write-tree", "--name-only", "--no-messages", input.Onto, input.Tip), cancellationToken).ConfigureAwait(false);
        var lines = merge.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (merge.ExitCode == 1)
        {
            return new RebaseResult(false, null, [.. lines.Skip(1).Distinct(StringComparer.Ordinal).Select(p => $"{p}: changed by the loop and by the new head")]);
        }

        if (merge.ExitCode != 0 || lines.Length == 0)
        {
            throw new WorkspaceException($"'git merge-tree' failed (exit {merge.ExitCode}): {merge.StandardError.Trim()}");
        }

        var tree = lines[0].Trim();
        var protect = input.Protected.Select(PathGlob.Parse).ToList();
        var touched = (await GitTrees.DiffAsync(folder, input.Onto, tree, cancellationToken).ConfigureAwait(false))
            .Where(c => PathGlob.AnyMatch(protect, c.Path))
            .Select(c => $"{c.Path}: protected, and the merge would change it against the new head")
            .ToList();
        if (touched.Count > 0)
        {
            return new RebaseResult(false, null, touched);
        }

        // Fixed dates, as for every candidate: a retry makes the same commit.
        var candidate = folder.GitCall("commit-tree", tree, "-p", input.Onto, "-m", "loopfn: candidate (rebased)") with
        {
            Environment = new Dictionary<string, string> { ["GIT_AUTHOR_DATE"] = "@0 +0000", ["GIT_COMMITTER_DATE"] = "@0 +0000" },
        };
        var commit = (await Git.RunAsync(candidate, cancellationToken).ConfigureAwait(false)).Trim();
        await Git.RunAsync(folder.GitCall("update-ref", "refs/loopfunctions/candidate", commit), cancellationToken).ConfigureAwait(false);
        // The loop branch follows the head: the next commit goes on the new head.
        await Git.RunAsync(folder.GitCall("update-ref", "refs/heads/" + input.Workspace.Branch, input.Onto), cancellationToken).ConfigureAwait(false);
        return new RebaseResult(true, commit, []);
    }

    /// <summary>Pushes the verified commit to a new follow-up branch of the loop's repository (never forced: the name
    /// carries the commit's short id, so the same work goes to the same branch and other work never overwrites it).</summary>
    /// <returns><c>base/{branch}</c>.</returns>
    public static async Task<string> PushFollowUpBranchAsync(FollowUpBranchInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var folder = new RunFolder(input.Workspace.Path);
        var branch = $"{input.Branch}-{Short(input.Commit)}";
        await Git.RunAsync(folder.GitCall("push", "--quiet", PullRequestWorkspace.BaseRemote, $"{input.Commit}:refs/heads/{branch}") with { Remote = true }, cancellationToken).ConfigureAwait(false);
        return $"{PullRequestWorkspace.BaseRemote}/{branch}";
    }

    private static bool Refused(string said) =>
        said.Contains("Permission", StringComparison.OrdinalIgnoreCase) && said.Contains("denied", StringComparison.OrdinalIgnoreCase)
        || said.Contains("The requested URL returned error: 403", StringComparison.Ordinal)
        || said.Contains("protected branch", StringComparison.OrdinalIgnoreCase);

    private static string Short(string commit) => commit.Length > 10 ? commit[..10] : commit;

    private static string Tail(string text) => text.Length > 1000 ? "..." + text[^1000..] : text;
}
