using System.Text.Json;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Workspace;

/// <summary>
/// The run folder of a loop on a pull request's head (<c>workspace.branch: head</c>): remote <c>origin</c> is the head
/// repository (the fork's clone URL for a fork, else the loop's repository), remote <c>base</c> the loop's repository;
/// the local branch is the head branch at the head commit the run loaded, and that commit is the run's base: the
/// baseline runs on it and protected paths are taken from it.
/// </summary>
/// <remarks>Every run of the instance (a later push to the pull request starts a new one under the same id) starts
/// afresh from the head it loaded: the local branch is reset to it. A retried prepare gets the same recorded head,
/// so it returns the same workspace.</remarks>
public static class PullRequestWorkspace
{
    /// <summary>The remote of the loop's own repository: follow-up branches go there.</summary>
    public const string BaseRemote = "base";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <exception cref="WorkspaceException">git failed, or the folder belongs to another loop.</exception>
    public static async Task<WorkspaceInfo> PrepareAsync(WorkspacePlan plan, PullRequestInfo pr, string instanceId, string? loop, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(pr);
        var folder = RunFolder.For(plan.WorkRoot, instanceId);
        if (!File.Exists(folder.RunFile))
        {
            await CreateAsync(plan, folder, new RunRecord(instanceId, loop, pr.HeadBranch, pr.HeadSha), cancellationToken).ConfigureAwait(false);
        }

        var record = JsonSerializer.Deserialize<RunRecord>(await File.ReadAllTextAsync(folder.RunFile, cancellationToken).ConfigureAwait(false), Json)!;
        if (record.InstanceId != instanceId || (loop is not null && record.Loop is not null && record.Loop != loop))
        {
            throw new Errors.StepRejectedException($"The workspace {folder.Root} belongs to instance '{record.InstanceId}' of loop '{record.Loop}'; an instance id cannot be reused by another loop.");
        }

        var head = pr.IsFork ? pr.HeadCloneUrl : plan.Repository;
        await SetRemoteAsync(folder, "origin", head, cancellationToken).ConfigureAwait(false);
        await SetRemoteAsync(folder, BaseRemote, plan.Repository, cancellationToken).ConfigureAwait(false);
        await FetchAsync(folder, "origin", pr.HeadBranch, cancellationToken).ConfigureAwait(false);
        await Git.RunAsync(folder.GitCall("fetch", "--quiet", "--no-tags", BaseRemote, $"+refs/heads/{pr.BaseBranch}:refs/remotes/{BaseRemote}/{pr.BaseBranch}") with { Remote = true }, cancellationToken).ConfigureAwait(false);
        foreach (var commit in new[] { pr.HeadSha, pr.BaseSha })
        {
            if (!await HasCommitAsync(folder, commit, cancellationToken).ConfigureAwait(false))
            {
                // The branch moved on, or the base was rewritten, since GitHub described the pull request: ask for the
                // commit itself (GitHub serves reachable commits by id).
                await Git.RunAsync(folder.GitCall("fetch", "--quiet", "--no-tags", commit == pr.HeadSha ? "origin" : BaseRemote, commit) with { Remote = true }, cancellationToken).ConfigureAwait(false);
            }
        }

        await Git.RunAsync(folder.GitCall("update-ref", "refs/heads/" + pr.HeadBranch, pr.HeadSha), cancellationToken).ConfigureAwait(false);
        await Git.RunAsync(folder.GitCall("update-ref", "refs/loopfunctions/pr-base", pr.BaseSha), cancellationToken).ConfigureAwait(false);
        await Git.RunAsync(folder.GitCall("symbolic-ref", "HEAD", "refs/heads/" + pr.HeadBranch), cancellationToken).ConfigureAwait(false);
        var updated = record with { Branch = pr.HeadBranch, BaseCommit = pr.HeadSha };
        if (updated != record)
        {
            await File.WriteAllTextAsync(folder.RunFile, JsonSerializer.Serialize(updated, Json), cancellationToken).ConfigureAwait(false);
        }

        await WorkTree.ResetAsync(folder, pr.HeadSha, pr.HeadBranch, cancellationToken).ConfigureAwait(false);

        return new WorkspaceInfo(folder.Root, pr.HeadSha, pr.HeadBranch, pr.HeadSha);
    }

    /// <summary>Fetches <paramref name="branch"/> of <paramref name="remote"/>; returns its commit there.</summary>
    public static async Task<string> FetchAsync(RunFolder folder, string remote, string branch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var tracking = $"refs/remotes/{remote}/{branch}";
        await Git.RunAsync(folder.GitCall("fetch", "--quiet", "--no-tags", remote, $"+refs/heads/{branch}:{tracking}") with { Remote = true }, cancellationToken).ConfigureAwait(false);
        return (await Git.RunAsync(folder.GitCall("rev-parse", "--verify", tracking + "^{commit}"), cancellationToken).ConfigureAwait(false)).Trim();
    }

    internal static async Task<bool> HasCommitAsync(RunFolder folder, string commit, CancellationToken cancellationToken) =>
        (await Git.TryRunAsync(folder.GitCall("cat-file", "-e", commit + "^{commit}"), cancellationToken).ConfigureAwait(false)).ExitCode == 0;

    internal static async Task<bool> IsAncestorAsync(RunFolder folder, string ancestor, string descendant, CancellationToken cancellationToken) =>
        (await Git.TryRunAsync(folder.GitCall("merge-base", "--is-ancestor", ancestor, descendant), cancellationToken).ConfigureAwait(false)).ExitCode == 0;

    private static async Task SetRemoteAsync(RunFolder folder, string name, string url, CancellationToken cancellationToken)
    {
        var current = await Git.TryRunAsync(folder.GitCall("remote", "get-url", name), cancellationToken).ConfigureAwait(false);
        if (current.ExitCode != 0)
        {
            await Git.RunAsync(folder.GitCall("remote", "add", name, url), cancellationToken).ConfigureAwait(false);
        }
        else if (current.StandardOutput.Trim() != url)
        {
            await Git.RunAsync(folder.GitCall("remote", "set-url", name, url), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>An empty project repository and its run record, built beside the final place and renamed into it.</summary>
    private static async Task CreateAsync(WorkspacePlan plan, RunFolder folder, RunRecord record, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(plan.WorkRoot);
        if (Directory.Exists(folder.Root))
        {
            Folders.Delete(folder.Root); // made by a crashed attempt before it wrote run.json
        }

        var partial = new RunFolder($"{folder.Root}.partial-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(partial.Root);
            await Git.RunAsync(partial.Root, cancellationToken, "init", "--quiet", "--bare", partial.GitDir).ConfigureAwait(false);
            Directory.CreateDirectory(partial.State);
            await File.WriteAllTextAsync(partial.RunFile, JsonSerializer.Serialize(record, Json), cancellationToken).ConfigureAwait(false);
            Directory.Move(partial.Root, folder.Root);
        }
        catch (IOException) when (File.Exists(folder.RunFile))
        {
            // Another attempt of the same step finished first; its folder is as good as this one.
        }
        finally
        {
            if (Directory.Exists(partial.Root))
            {
                Folders.Delete(partial.Root);
            }
        }
    }
}
