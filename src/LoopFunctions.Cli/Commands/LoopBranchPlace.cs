using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Cli.Commands;

/// <summary>Where a finished run's result is, said at the end of <c>loopfn run</c>: for a local repository the loop
/// branch is fetched into it (as a branch, never checked out), so <c>git log loop/...</c> works where the user is; for a
/// remote one, where the branch was pushed, or the run folder that holds it.</summary>
internal static class LoopBranchPlace
{
    /// <param name="result">The run's result.</param>
    /// <param name="repository">The repository the run worked on: a remote address or an absolute local path.</param>
    /// <param name="runGitDir">The run folder's git directory, which holds the loop branch.</param>
    public static async Task<string?> TellAsync(LoopResult result, string? repository, string runGitDir)
    {
        if (result.Branch is not { } branch || result.FinalCommit is null || repository is null)
        {
            return null;
        }

        if (result.PushedTo is { } pushed)
        {
            return $"the loop branch {branch} is pushed to {pushed}";
        }

        if (RepositoryAddress.IsRemote(repository) || !Directory.Exists(repository))
        {
            return $"the loop branch {branch} is in the run's folder: git --git-dir {runGitDir} log {branch}";
        }

        // A branch of that name the repository already has is never moved, not even fast-forwarded: workspace.branch
        // may name one of the user's own branches (main), and the loop's commits are not reviewed yet.
        var (found, existing) = await GitAsync(repository, "rev-parse", "--verify", "--quiet", $"refs/heads/{branch}");
        if (found == 0)
        {
            return existing == result.FinalCommit
                ? $"the loop branch is in your repository {repository}: {branch} (not checked out; git log {branch})"
                : $"the loop branch {branch} was not fetched into {repository}: a branch of that name is there already and is left as it is; fetch the loop's under another name with: git -C {repository} fetch {runGitDir} {branch}:{branch}-loop";
        }

        var (exit, error) = await GitAsync(repository, "fetch", "--quiet", "--no-tags", runGitDir, $"refs/heads/{branch}:refs/heads/{branch}");
        return exit == 0
            ? $"the loop branch is in your repository {repository}: {branch} (not checked out; git log {branch})"
            : $"the loop branch {branch} was not fetched into {repository} ({error}); fetch it with: git -C {repository} fetch {runGitDir} {branch}:{branch}";
    }

    /// <returns>git's exit code, and its standard output on success or its standard error otherwise, on one line.</returns>
    private static async Task<(int Exit, string Text)> GitAsync(string repository, params string[] args)
    {
        // The loop's own git call: isolated from the repository's hooks and attribute files, with no prompt.
        var result = await Git.TryRunAsync(repository, CancellationToken.None, args);
        return (result.ExitCode, (result.ExitCode == 0 ? result.StandardOutput : result.StandardError).Trim().ReplaceLineEndings(" "));
    }
}
