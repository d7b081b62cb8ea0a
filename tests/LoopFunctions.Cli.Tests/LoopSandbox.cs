using System.Text;
using LoopFunctions.Cli.Commands;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Planning;

namespace LoopFunctions.Cli.Tests;

/// <summary>A temp folder with the demo repository, a loop file and agent scripts; removed on dispose.</summary>
internal sealed class LoopSandbox : IDisposable
{
    private LoopSandbox(string root) => Root = root;

    public string Root { get; }

    public string Repository => Path.Combine(Root, "calc");

    public string Store => Path.Combine(Root, "store", "store.db");

    public string Workspaces => Path.Combine(Root, "store", "workspaces");

    /// <summary>A folder outside every workspace that agents may write (the loop files name it in <c>write_paths</c>).</summary>
    public string Markers => Directory.CreateDirectory(Path.Combine(Root, "markers")).FullName;

    public static async Task<LoopSandbox> CreateAsync()
    {
        var sandbox = new LoopSandbox(Directory.CreateTempSubdirectory("loopfn-e2e-").FullName);
        await DemoRepository.CreateAsync(sandbox.Repository);
        return sandbox;
    }

    /// <summary>Writes an agent script (bash; $1 is the workspace) and returns its path.</summary>
    public string Agent(string name, string body)
    {
        var path = Path.Combine(Root, name + ".sh");
        File.WriteAllText(path, "#!/usr/bin/env bash\nset -euo pipefail\ncd \"$1\"\n" + body + "\n");
        return path;
    }

    /// <summary>Writes a loop file around <paramref name="agentScript"/> with the given extra front matter;
    /// <paramref name="agent"/> adds keys under <c>agent:</c>.</summary>
    public string Loop(string name, string agentScript, string limits = "max_iterations: 3", string governance = "protect_paths: [tests/**]", string verify = "  - name: tests\n    command: [bash, tests/test_calc.sh]\n    timeout: 1m", string agent = "")
    {
        var text = new StringBuilder()
            .AppendLine("---")
            .AppendLine("workspace:")
            .AppendLine("  base_branch: main")
            .AppendLine("agent:")
            .AppendLine("  kind: command")
            .AppendLine($"  command: [bash, \"{agentScript}\", \"{{workspace}}\", \"{{prompt_file}}\"]")
            .AppendLine("  timeout: 1m");
        if (agent.Length > 0)
        {
            text.AppendLine("  " + agent.Replace("\n", "\n  ", StringComparison.Ordinal));
        }

        text.AppendLine("verify:")
            .AppendLine(verify)
            .AppendLine("limits:")
            .AppendLine("  " + limits.Replace("\n", "\n  ", StringComparison.Ordinal))
            .AppendLine("governance:")
            .AppendLine("  " + governance)
            .AppendLine("---")
            .AppendLine("Make the calculator tests pass.");
        var path = Path.Combine(Root, name + ".md");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>Adds (or replaces) a file in the sample repository with one more commit on main.</summary>
    public async Task CommitToRepositoryAsync(string relativePath, string content, bool executable = false)
    {
        var full = Path.Combine(Repository, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, content);
        if (executable && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(full, File.GetUnixFileMode(full) | UnixFileMode.UserExecute);
        }

        await Loops.Workspace.Git.RunAsync(Repository, CancellationToken.None, "add", "--all");
        await Loops.Workspace.Git.RunAsync(Repository, CancellationToken.None, "commit", "--quiet", "-m", "add " + relativePath);
    }

    /// <summary>Runs the loop in this process (<c>loopfn run</c>'s code) to its end.</summary>
    public async Task<(int Exit, string Error)> RunAsync(string loopFile, string instance = "run-1")
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await RunCommand.RunLoopAsync(LoopFileReader.LoadFile(loopFile), Repository, null, Store, instance, json: false, output, error);
        return (exit, error.ToString());
    }

    /// <summary>The one workspace folder (the store keeps one per run).</summary>
    public string Workspace => Directory.GetDirectories(Workspaces).Single();

    /// <summary>The commits the loop made on its branch, newest first, as "subject" lines.</summary>
    public async Task<IReadOnlyList<string>> LoopCommitsAsync(string? workspace = null)
    {
        var log = await Loops.Workspace.Git.RunAsync(workspace ?? Workspace, CancellationToken.None, "log", "--format=%s", "main..HEAD");
        return log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>A git command in the run's project repository.</summary>
    public Task<string> GitAsync(params string[] args) => Loops.Workspace.Git.RunAsync(Workspace, CancellationToken.None, args);

    public async Task<string> FileOnLoopBranchAsync(string path, string? workspace = null) =>
        await Loops.Workspace.Git.RunAsync(workspace ?? Workspace, CancellationToken.None, "show", "HEAD:" + path);

    public async Task<bool> ExistsOnLoopBranchAsync(string path) =>
        (await Loops.Workspace.Git.TryRunAsync(Workspace, CancellationToken.None, "cat-file", "-e", "HEAD:" + path)).ExitCode == 0;

    /// <summary>Clones the loop branch afresh, as a reviewer would, and runs the calculator's tests there; returns
    /// their exit code and output.</summary>
    public async Task<(int Exit, string Output)> TestFreshCloneAsync()
    {
        var clone = Path.Combine(Root, "fresh-" + Guid.NewGuid().ToString("N"));
        await Loops.Workspace.Git.RunAsync(Root, CancellationToken.None, "clone", "--quiet", Workspace, clone);
        var result = await Loops.Processes.ProcessRunner.RunAsync(new(["bash", "tests/test_calc.sh"], clone, TimeSpan.FromMinutes(1)), CancellationToken.None);
        return (result.ExitCode, result.StandardOutput);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Root, recursive: true);
    }
}
