using System.Text;
using LoopFunctions.Cli.Commands;

namespace LoopFunctions.Cli.Tests;

/// <summary>A temp folder with the demo repository, a loop file and agent scripts; removed on dispose.</summary>
internal sealed class LoopSandbox : IDisposable
{
    private LoopSandbox(string root) => Root = root;

    public string Root { get; }

    public string Repository => Path.Combine(Root, "calc");

    public string Store => Path.Combine(Root, "store", "store.db");

    public string Workspaces => Path.Combine(Root, "store", "workspaces");

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

    /// <summary>Writes a loop file around <paramref name="agentScript"/> with the given extra front matter.</summary>
    public string Loop(string name, string agentScript, string limits = "max_iterations: 3", string governance = "protect_paths: [tests/**]", string verify = "  - name: tests\n    command: [bash, tests/test_calc.sh]\n    timeout: 1m")
    {
        var text = new StringBuilder()
            .AppendLine("---")
            .AppendLine("workspace:")
            .AppendLine("  base_branch: main")
            .AppendLine("agent:")
            .AppendLine("  kind: command")
            .AppendLine($"  command: [bash, \"{agentScript}\", \"{{workspace}}\", \"{{prompt_file}}\"]")
            .AppendLine("  timeout: 1m")
            .AppendLine("verify:")
            .AppendLine(verify)
            .AppendLine("limits:")
            .AppendLine("  " + limits.Replace("\n", "\n  ", StringComparison.Ordinal))
            .AppendLine("governance:")
            .AppendLine("  " + governance)
            .AppendLine("---")
            .AppendLine("Make the calculator tests pass.")
            .ToString();
        var path = Path.Combine(Root, name + ".md");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The commits the loop made on its branch, newest first, as "subject" lines.</summary>
    public async Task<IReadOnlyList<string>> LoopCommitsAsync()
    {
        var clone = Directory.GetDirectories(Workspaces).Single();
        var log = await Loops.Workspace.Git.RunAsync(clone, CancellationToken.None, "log", "--format=%s", "main..HEAD");
        return log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public async Task<string> FileOnLoopBranchAsync(string path)
    {
        var clone = Directory.GetDirectories(Workspaces).Single();
        return await Loops.Workspace.Git.RunAsync(clone, CancellationToken.None, "show", "HEAD:" + path);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Root, recursive: true);
    }
}
