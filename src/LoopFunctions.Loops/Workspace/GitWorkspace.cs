using System.Text.Json;
using LoopFunctions.Loops.Processes;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Workspace;

/// <summary>
/// The git side of a loop: one <see cref="RunFolder"/> per instance, holding the project's own repository (fetched
/// from the loop's repository, never touched by the agent), the agent's tree and the checkout the checks run in.
/// Every operation is idempotent, because an activity may run again after a crash.
/// </summary>
public static class GitWorkspace
{
    /// <summary>The trailer that makes a loop commit recognisable when the commit step is retried.</summary>
    public const string TrailerKey = "Loop-Step";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Makes (or reuses) the run's folder: the project repository with the base branch fetched and the loop
    /// branch at the base (or where an earlier run of this instance left it), and the agent's tree at the branch. The
    /// setup command is run by the caller, in the sandbox (<c>Preparation/WorkspaceSetup</c>).</summary>
    /// <exception cref="WorkspaceException">git failed, or the folder belongs to another loop.</exception>
    public static async Task<WorkspaceInfo> PrepareAsync(WorkspacePlan plan, string instanceId, string? loop, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var folder = RunFolder.For(plan.WorkRoot, instanceId);
        if (!File.Exists(folder.RunFile))
        {
            await CreateAsync(plan, folder, instanceId, loop, cancellationToken).ConfigureAwait(false);
        }

        var record = JsonSerializer.Deserialize<RunRecord>(await File.ReadAllTextAsync(folder.RunFile, cancellationToken).ConfigureAwait(false), Json)!;
        if (record.InstanceId != instanceId || (loop is not null && record.Loop is not null && record.Loop != loop))
        {
            throw new Errors.StepRejectedException($"The workspace {folder.Root} belongs to instance '{record.InstanceId}' of loop '{record.Loop}'; an instance id cannot be reused by another loop.");
        }

        var tip = (await Git.RunAsync(folder.GitCall("rev-parse", "--verify", "refs/heads/" + record.Branch), cancellationToken).ConfigureAwait(false)).Trim();
        await WorkTree.ResetAsync(folder, tip, record.Branch, cancellationToken).ConfigureAwait(false);
        return new WorkspaceInfo(folder.Root, record.BaseCommit, record.Branch, tip);
    }

    /// <summary>Runs the loop's setup command (e.g. <c>npm ci</c>) in <paramref name="directory"/>.</summary>
    /// <exception cref="WorkspaceException">It failed.</exception>
    public static async Task RunSetupAsync(IReadOnlyList<string> setup, string directory, ProcessLedger ledger, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var result = await ProcessRunner.RunAsync(new ProcessRunOptions([.. setup], directory, timeout ?? TimeSpan.FromMinutes(30)) { Ledger = ledger }, cancellationToken).ConfigureAwait(false);
        ThrowIfSetupFailed(setup, result);
    }

    /// <summary>The setup's failure in the words every setup uses: the command, exit code or timeout, and its output's tail.</summary>
    /// <exception cref="WorkspaceException">It failed.</exception>
    public static void ThrowIfSetupFailed(IReadOnlyList<string> setup, ProcessRunResult result)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(result);
        if (result.ExitCode != 0 || result.TimedOut)
        {
            throw new WorkspaceException($"The setup command '{string.Join(' ', setup)}' failed ({(result.TimedOut ? "timed out" : $"exit {result.ExitCode}")}): {Tail(result.StandardError + result.StandardOutput)}");
        }
    }

    /// <summary>The base branch's commit, or a failure in the words <c>loopfn run</c>'s preflight uses (the branch
    /// and the ones the repository has), instead of git's "Needed a single revision".</summary>
    private static async Task<string> BaseCommitAsync(RunFolder partial, WorkspacePlan plan, CancellationToken cancellationToken)
    {
        var found = await Git.TryRunAsync(partial.GitCall("rev-parse", "--verify", "--quiet", $"refs/remotes/origin/{plan.BaseBranch}^{{commit}}"), cancellationToken).ConfigureAwait(false);
        if (found.ExitCode == 0)
        {
            return found.StandardOutput.Trim();
        }

        var branches = (await Git.RunAsync(partial.GitCall("for-each-ref", "--format=%(refname:lstrip=3)", "refs/remotes/origin"), cancellationToken).ConfigureAwait(false))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(b => b != "HEAD").ToList();
        var has = branches.Count == 0 ? "it has no branches (no commit yet)" : $"its branches: {string.Join(", ", branches.Take(10))}";
        var fix = branches.Count == 0 ? "commit to it first" : $"set workspace.base_branch: {(branches.Contains("master") ? "master" : branches[0])}";
        throw new WorkspaceException($"the base branch '{plan.BaseBranch}' is not in the repository {RepositoryAddress.Display(plan.Repository)} ({has}); {fix}.");
    }

    /// <summary>Builds the project repository beside its final place and renames it: a folder a crash interrupted is
    /// never taken for a whole one.</summary>
    private static async Task CreateAsync(WorkspacePlan plan, RunFolder folder, string instanceId, string? loop, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(plan.WorkRoot);
        var name = Path.GetFileName(folder.Root);
        foreach (var leftover in Directory.EnumerateDirectories(plan.WorkRoot, name + ".partial-*"))
        {
            TryDelete(leftover);
        }

        if (Directory.Exists(folder.Root))
        {
            TryDelete(folder.Root); // made by a crashed attempt before it wrote run.json
        }

        var partial = new RunFolder($"{folder.Root}.partial-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(partial.Root);
            await Git.RunAsync(partial.Root, cancellationToken, "init", "--quiet", "--bare", partial.GitDir).ConfigureAwait(false);
            await Git.RunAsync(partial.GitCall("remote", "add", "origin", plan.Repository), cancellationToken).ConfigureAwait(false);
            await Git.RunAsync(partial.GitCall("fetch", "--quiet", "--no-tags", "origin") with { Remote = true }, cancellationToken).ConfigureAwait(false);
            var baseCommit = await BaseCommitAsync(partial, plan, cancellationToken).ConfigureAwait(false);
            await Git.RunAsync(partial.GitCall("update-ref", "refs/heads/" + plan.BaseBranch, baseCommit), cancellationToken).ConfigureAwait(false);
            if (plan.WorkBranch != plan.BaseBranch)
            {
                await Git.RunAsync(partial.GitCall("update-ref", "refs/heads/" + plan.WorkBranch, baseCommit), cancellationToken).ConfigureAwait(false);
            }

            await Git.RunAsync(partial.GitCall("symbolic-ref", "HEAD", "refs/heads/" + plan.WorkBranch), cancellationToken).ConfigureAwait(false);
            Directory.CreateDirectory(partial.State);
            await File.WriteAllTextAsync(partial.RunFile, JsonSerializer.Serialize(new RunRecord(instanceId, loop, plan.WorkBranch, baseCommit), Json), cancellationToken).ConfigureAwait(false);
            Directory.Move(partial.Root, folder.Root);
        }
        catch (IOException) when (File.Exists(folder.RunFile))
        {
            // Another attempt of the same step finished first; its folder is as good as this one.
        }
        finally
        {
            TryDelete(partial.Root);
        }
    }

    /// <summary>Squashes every commit since the base commit into one (<c>commit: on_success</c>); idempotent.</summary>
    public static async Task SquashAsync(WorkspaceInfo workspace, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var folder = new RunFolder(workspace.Path);
        var branch = "refs/heads/" + workspace.Branch;
        var count = int.Parse((await Git.RunAsync(folder.GitCall("rev-list", "--count", $"{workspace.BaseCommit}..{branch}"), cancellationToken).ConfigureAwait(false)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        if (count > 1)
        {
            var tip = (await Git.RunAsync(folder.GitCall("rev-parse", "--verify", branch), cancellationToken).ConfigureAwait(false)).Trim();
            var tree = await GitTrees.TreeOfAsync(folder, tip, cancellationToken).ConfigureAwait(false);
            var squashed = await BranchCommit.CommitTreeAsync(folder, tree, workspace.BaseCommit, message, cancellationToken).ConfigureAwait(false);
            await Git.RunAsync(folder.GitCall("update-ref", branch, squashed, tip), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Pushes the loop branch; returns "remote/branch".</summary>
    public static async Task<string> PushAsync(WorkspaceInfo workspace, string remote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var folder = new RunFolder(workspace.Path);
        var branch = "refs/heads/" + workspace.Branch;
        await Git.RunAsync(folder.GitCall("push", "--quiet", "--force-with-lease", remote, $"{branch}:{branch}") with { Remote = true }, cancellationToken).ConfigureAwait(false);
        return $"{remote}/{workspace.Branch}";
    }

    /// <summary>The unified diff from <paramref name="from"/> to <paramref name="to"/> (for the judge).</summary>
    public static Task<string> PatchAsync(WorkspaceInfo workspace, string from, string to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return Git.RunAsync(new RunFolder(workspace.Path).GitCall("diff", "--no-ext-diff", "--no-textconv", from, to), cancellationToken);
    }

    /// <summary>The tip of the loop branch, or null when it cannot be read.</summary>
    public static async Task<string?> TryTipAsync(WorkspaceInfo workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var result = await Git.TryRunAsync(new RunFolder(workspace.Path).GitCall("rev-parse", "--verify", "refs/heads/" + workspace.Branch), cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 && !result.TimedOut ? result.StandardOutput.Trim() : null;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Folders.Delete(folder);
        }
        catch (IOException)
        {
            // Still in use by a concurrent attempt; a later prepare removes it.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    private static string Tail(string text) => text.Length > 2000 ? "..." + text[^2000..] : text.Trim();
}
