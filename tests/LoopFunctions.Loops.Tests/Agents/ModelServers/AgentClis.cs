namespace LoopFunctions.Loops.Tests.Agents.ModelServers;

/// <summary>Finds the agent CLIs that <c>./test.sh</c> installs under <c>.tools/agents</c> at the repository root.
/// A missing CLI fails the test: a skipped end-to-end test would hide that nothing ran.</summary>
internal static class AgentClis
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "LoopFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no LoopFunctions.sln above {AppContext.BaseDirectory}");
    });

    public static string RepoRoot => Root.Value;

    /// <summary>The path of <paramref name="name"/> (claude, codex, gemini, opencode) under .tools/agents.</summary>
    public static string Path(string name)
    {
        var path = System.IO.Path.Combine(RepoRoot, ".tools", "agents", "node_modules", ".bin", name);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"agent CLI '{name}' is not installed at {path}; run ./test.sh, which installs the agent CLIs");
        }

        return path;
    }
}
