using System.Text;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Tests.Agents.ModelServers;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Cli.Tests;

/// <summary>One real coding CLI driven by <c>loopfn run</c> (a child process) on the calculator repository against a
/// model server of its wire API; what the run stored is read back from its store.</summary>
internal sealed class CodingCliRun
{
    public const string KeySetting = "LOOPFN_E2E_CLI_KEY";

    /// <summary>The fix: line 4 of calc.sh adds.</summary>
    public static readonly string Fixed = Commands.DemoRepository.Calc.Replace("echo $(( $1 - $2 ))\n}\n\nsub", "echo $(( $1 + $2 ))\n}\n\nsub", StringComparison.Ordinal);

    public CodingCliRun(LoopSandbox sandbox, string kind, string instance = "cli-1")
    {
        (Sandbox, Kind, Instance) = (sandbox, kind, instance);
    }

    public LoopSandbox Sandbox { get; }

    public string Kind { get; }

    public string Instance { get; }

    /// <summary>The agent's tree of this run: where the CLI runs, and what relative write paths resolve against.</summary>
    public string Tree => Path.Combine(Path.GetDirectoryName(Sandbox.Store)!, "workspaces", InstanceKey.For(Instance), "tree");

    /// <summary>Where the CLI sees the tree: the sandbox's fixed mount point, whatever the run.</summary>
    public string WorkingDirectory => Loops.Sandbox.SandboxPaths.WorkTree;

    public static async Task<ModelServer> StartServerAsync(string kind) => kind switch
    {
        "claude" => await AnthropicModelServer.StartAsync(),
        "codex" => await ResponsesModelServer.StartAsync(),
        "gemini" => await GeminiModelServer.StartAsync(),
        "opencode" => await ChatCompletionsModelServer.StartAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The model each CLI is given: codex offers its apply_patch tool only to models it knows.</summary>
    public static string Model(string kind) => kind switch
    {
        "codex" => "gpt-5.5",
        "opencode" => "stub-model",
        "gemini" => "gemini-2.5-flash",
        _ => "claude-sonnet-4-5",
    };

    /// <summary>Writes the loop file; <paramref name="agent"/> adds lines under <c>agent:</c>.</summary>
    public string Loop(string endpoint, string limits = "max_iterations: 2\n  stall_after: 0", string agent = "timeout: 3m")
    {
        var text = new StringBuilder()
            .AppendLine("---")
            .AppendLine("workspace:")
            .AppendLine("  base_branch: main")
            .AppendLine("agent:")
            .AppendLine($"  kind: {Kind}")
            .AppendLine($"  command: {AgentClis.Path(Kind)}")
            .AppendLine($"  model: {Model(Kind)}")
            .AppendLine($"  endpoint: {endpoint}")
            .AppendLine($"  api_key_env: {KeySetting}")
            .AppendLine("  " + agent.Replace("\n", "\n  ", StringComparison.Ordinal))
            .AppendLine("verify:")
            .AppendLine("  - name: tests")
            .AppendLine("    command: [bash, tests/test_calc.sh]")
            .AppendLine("    timeout: 1m")
            .AppendLine("limits:")
            .AppendLine("  " + limits)
            .AppendLine("governance:")
            .AppendLine("  protect_paths: [tests/**]")
            .AppendLine("---")
            .AppendLine("Make the calculator tests pass: fix add in src/calc.sh.");
        var path = Path.Combine(Sandbox.Root, $"{Kind}-{Instance}.md");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    public CliProcess Start(string loop) =>
        CliProcess.Start(new Dictionary<string, string> { [KeySetting] = "stub-key" }, "run", loop, "--repo", Sandbox.Repository, "--store", Sandbox.Store, "--instance", Instance);

    /// <summary>The finished run's result, read from its store.</summary>
    public async Task<LoopResult> ResultAsync()
    {
        await using var engine = await LocalEngine.OpenAsync(Sandbox.Store, startWorker: false);
        var metadata = await engine.Client.GetInstanceAsync(Instance, getInputsAndOutputs: true);
        return metadata?.ReadOutputAs<LoopResult>() ?? throw new InvalidOperationException($"no result for {Instance}: {metadata?.RuntimeStatus} {metadata?.SerializedOutput}");
    }

    /// <summary>The processes whose working directory is this run's tree: the CLI and anything it started.</summary>
    public IReadOnlyList<int> ProcessesInTree()
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }

            try
            {
                if (new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget is { } cwd && (cwd.StartsWith(Tree, StringComparison.Ordinal) || InSandboxedTree(entry, cwd)))
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // gone, or not ours to read
            }
        }

        return found;
    }

    /// <summary>Whether a process in a sandbox works in this run's tree: its working directory is the fixed mount point
    /// (or below), and its mount table shows this tree mounted there.</summary>
    private bool InSandboxedTree(string procEntry, string cwd)
    {
        var inside = Loops.Sandbox.SandboxPaths.WorkTree;
        if (cwd != inside && !cwd.StartsWith(inside + "/", StringComparison.Ordinal))
        {
            return false;
        }

        // mountinfo: "id parent major:minor root mount-point ...": root is the bound folder on the host's file system.
        return File.ReadLines(Path.Combine(procEntry, "mountinfo"))
            .Select(line => line.Split(' '))
            .Any(fields => fields.Length > 4 && fields[4] == inside && Tree.EndsWith(fields[3], StringComparison.Ordinal));
    }
}
