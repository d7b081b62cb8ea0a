using LoopFunctions.Loops.Processes;

namespace LoopFunctions.Loops.Tests.Agents.ModelServers;

/// <summary>
/// A temp git repository for an agent CLI to edit and a private home beside it (HOME, XDG dirs, CODEX_HOME,
/// TMPDIR), so the CLI's config, sessions and caches stay out of the workspace and out of the real home, and
/// survive from one run to the next (a resumed session needs them).
/// </summary>
internal sealed class AgentCliSandbox : IDisposable
{
    private static readonly TimeSpan CliTimeout = TimeSpan.FromSeconds(180);

    private AgentCliSandbox(string root)
    {
        Root = root;
        Workspace = System.IO.Path.Combine(root, "workspace");
        Home = System.IO.Path.Combine(root, "home");
        TempDirectory = System.IO.Path.Combine(root, "tmp");
        foreach (var dir in new[] { Workspace, Home, TempDirectory, CodexHome })
        {
            Directory.CreateDirectory(dir);
        }
    }

    public string Root { get; }

    public string Workspace { get; }

    public string Home { get; }

    public string TempDirectory { get; }

    public string CodexHome => System.IO.Path.Combine(Home, ".codex");

    public static async Task<AgentCliSandbox> CreateAsync()
    {
        var sandbox = new AgentCliSandbox(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "loopfn-cli-" + Guid.NewGuid().ToString("N")[..12]));
        File.WriteAllText(System.IO.Path.Combine(sandbox.Workspace, "README.md"), "A workspace for an agent CLI test.\n");
        await sandbox.GitAsync("init", "-q");
        await sandbox.GitAsync("add", "-A");
        await sandbox.GitAsync("commit", "-q", "-m", "initial");
        return sandbox;
    }

    /// <summary>The private home's variables, for every CLI.</summary>
    public Dictionary<string, string> Environment() => new()
    {
        ["HOME"] = Home,
        ["XDG_CONFIG_HOME"] = System.IO.Path.Combine(Home, ".config"),
        ["XDG_DATA_HOME"] = System.IO.Path.Combine(Home, ".local", "share"),
        ["XDG_STATE_HOME"] = System.IO.Path.Combine(Home, ".local", "state"),
        ["XDG_CACHE_HOME"] = System.IO.Path.Combine(Home, ".cache"),
        ["CODEX_HOME"] = CodexHome,
        ["TMPDIR"] = TempDirectory,
        ["GIT_AUTHOR_NAME"] = "Test", ["GIT_AUTHOR_EMAIL"] = "test@example.invalid",
        ["GIT_COMMITTER_NAME"] = "Test", ["GIT_COMMITTER_EMAIL"] = "test@example.invalid",
    };

    /// <summary>Runs a CLI in the workspace with the prompt on stdin; the process tree is killed on timeout.</summary>
    public Task<ProcessRunResult> RunAsync(IReadOnlyList<string> argv, string stdin, IReadOnlyDictionary<string, string> extraEnvironment)
    {
        var environment = Environment();
        foreach (var (name, value) in extraEnvironment)
        {
            environment[name] = value;
        }

        return ProcessRunner.RunAsync(
            new ProcessRunOptions(argv, Workspace, CliTimeout) { StandardInput = stdin, Environment = environment, OutputCap = 4 * 1024 * 1024 },
            CancellationToken.None);
    }

    public string ReadWorkspaceFile(string relativePath) => File.ReadAllText(System.IO.Path.Combine(Workspace, relativePath));

    private async Task GitAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(
            new ProcessRunOptions(["git", .. arguments], Workspace, TimeSpan.FromSeconds(60)) { Environment = Environment() },
            CancellationToken.None);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)}: {result.StandardError}");
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (UnauthorizedAccessException)
        {
            // A CLI may leave read-only files (git objects, caches); make them writable and try once more.
            foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }

            Directory.Delete(Root, recursive: true);
        }
    }
}
