using LoopFunctions.Loops.Processes;

namespace LoopFunctions.Loops.Workspace;

/// <summary>
/// Runs git with an argument list (never a shell line), configured by the project alone: no system or global
/// configuration, no attributes or excludes from outside the repository, no hooks, no fsmonitor, no external diff,
/// no prompts, a fixed identity for loop commits. Only remote operations (<see cref="GitCall.Remote"/>) see the
/// user's configuration, for credentials. A failure names the command and carries git's stderr.
/// </summary>
/// <remarks>The repository configuration is still read, so the loop never points git at a repository the agent can
/// write: it works on its own git directory with <see cref="GitCall.GitDir"/> and a private
/// <see cref="GitCall.IndexFile"/>.</remarks>
public static class Git
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    private static readonly string[] Isolation =
    [
        "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c", "core.untrackedCache=false",
        "-c", "core.attributesFile=/dev/null", "-c", "core.excludesFile=/dev/null", "-c", "core.autocrlf=false",
        "-c", "core.safecrlf=false", "-c", "core.symlinks=true", "-c", "core.pager=cat", "-c", "commit.gpgsign=false",
        "-c", "tag.gpgsign=false", "-c", "gc.auto=0", "-c", "maintenance.auto=false", "-c", "protocol.ext.allow=never",
    ];

    /// <exception cref="WorkspaceException">git exited non-zero or timed out.</exception>
    public static Task<string> RunAsync(string directory, CancellationToken cancellationToken, params string[] args) =>
        RunAsync(new GitCall(directory, args), cancellationToken);

    /// <exception cref="WorkspaceException">git exited non-zero or timed out.</exception>
    public static async Task<string> RunAsync(GitCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var result = await TryRunAsync(call, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0 || result.TimedOut)
        {
            throw new WorkspaceException($"'git {string.Join(' ', call.Args)}' in '{call.Directory}' failed ({(result.TimedOut ? "timed out" : $"exit {result.ExitCode}")}): {result.StandardError.Trim()}");
        }

        return result.StandardOutput;
    }

    public static Task<ProcessRunResult> TryRunAsync(string directory, CancellationToken cancellationToken, params string[] args) =>
        TryRunAsync(new GitCall(directory, args), cancellationToken);

    public static Task<ProcessRunResult> TryRunAsync(GitCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        string[] argv = ["git", .. Isolation, .. call.Args];
        var environment = new Dictionary<string, string>
        {
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_AUTHOR_NAME"] = "LoopFunctions",
            ["GIT_AUTHOR_EMAIL"] = "loops@localhost",
            ["GIT_COMMITTER_NAME"] = "LoopFunctions",
            ["GIT_COMMITTER_EMAIL"] = "loops@localhost",
            ["GIT_NO_REPLACE_OBJECTS"] = "1",
            ["GIT_ATTR_NOSYSTEM"] = "1",
            ["LC_ALL"] = "C",
        };
        if (call.Remote)
        {
            // The user's credential helpers, SSH keys and agent: the remote is theirs. Nothing here reads the trees.
            foreach (var name in new[] { "SSH_AUTH_SOCK", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_ASKPASS", "SSH_ASKPASS", "XDG_CONFIG_HOME" })
            {
                if (Environment.GetEnvironmentVariable(name) is { } value)
                {
                    environment[name] = value;
                }
            }
        }
        else
        {
            environment["GIT_CONFIG_NOSYSTEM"] = "1";
            environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
            environment["XDG_CONFIG_HOME"] = "/dev/null";
        }

        foreach (var (name, value) in call.Environment ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        Set(environment, "GIT_DIR", call.GitDir);
        Set(environment, "GIT_WORK_TREE", call.WorkTree);
        Set(environment, "GIT_INDEX_FILE", call.IndexFile);
        return ProcessRunner.RunAsync(new ProcessRunOptions(argv, call.Directory, DefaultTimeout) { Environment = environment, StandardInput = call.Input, OutputCap = 64 * 1024 * 1024 }, cancellationToken);
    }

    private static void Set(Dictionary<string, string> environment, string name, string? value)
    {
        if (value is not null)
        {
            environment[name] = Path.GetFullPath(value);
        }
    }
}
