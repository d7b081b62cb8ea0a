using LoopFunctions.Loops.Agents.Processes;

namespace LoopFunctions.Loops.Workspace;

/// <summary>
/// Runs git with an argument list (never a shell line), without prompts or hooks, under a fixed identity for loop
/// commits; a failure names the command and carries git's stderr.
/// </summary>
public static class Git
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    /// <exception cref="WorkspaceException">git exited non-zero or timed out.</exception>
    public static async Task<string> RunAsync(string directory, CancellationToken cancellationToken, params string[] args)
    {
        var result = await TryRunAsync(directory, cancellationToken, args).ConfigureAwait(false);
        if (result.ExitCode != 0 || result.TimedOut)
        {
            throw new WorkspaceException($"'git {string.Join(' ', args)}' in '{directory}' failed ({(result.TimedOut ? "timed out" : $"exit {result.ExitCode}")}): {result.StandardError.Trim()}");
        }

        return result.StandardOutput;
    }

    public static Task<ProcessRunResult> TryRunAsync(string directory, CancellationToken cancellationToken, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string[] argv = ["git", "-c", "core.hooksPath=/dev/null", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", .. args];
        return ProcessRunner.RunAsync(
            new ProcessRunOptions(argv, directory, DefaultTimeout)
            {
                Environment = new Dictionary<string, string>
                {
                    ["GIT_TERMINAL_PROMPT"] = "0",
                    ["GIT_AUTHOR_NAME"] = "LoopFunctions",
                    ["GIT_AUTHOR_EMAIL"] = "loops@localhost",
                    ["GIT_COMMITTER_NAME"] = "LoopFunctions",
                    ["GIT_COMMITTER_EMAIL"] = "loops@localhost",
                    ["LC_ALL"] = "C",
                },
            },
            cancellationToken);
    }
}
