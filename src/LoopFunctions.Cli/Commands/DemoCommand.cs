using LoopFunctions.Loops.Definitions;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn demo</c>: a real loop on a sample repository, end to end, with no cloud account.</summary>
internal static class DemoCommand
{
    public static async Task<int> RunAsync(CommandLine line, TextWriter output, TextWriter error)
    {
        var folder = Path.GetFullPath(line.Option("folder") ?? ".loopfunctions/demo");
        var json = line.Flag("json");
        line.EnsureAllRead();
        var samples = FindSamples();
        var useModel = Environment.GetEnvironmentVariable("OPENAI_API_KEY") is { Length: > 0 } || Environment.GetEnvironmentVariable("AZURE_OPENAI_ENDPOINT") is { Length: > 0 };
        var loopFile = Path.Combine(samples, "demo", useModel ? "fix-calc-openai.md" : "fix-calc.md");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true); // every demo starts from a fresh repository and store
        }

        var repo = await DemoRepository.CreateAsync(Path.Combine(folder, "calc"));
        error.WriteLine($"demo: sample repository with a failing test at {repo}");
        error.WriteLine($"demo: running {Path.GetRelativePath(Directory.GetCurrentDirectory(), loopFile)} ({(useModel ? "a real model" : "the scripted agent, no model needed")})");
        var store = Path.Combine(folder, "store.db");
        var exit = await RunCommand.RunLoopAsync(LoopCatalog.LoadFile(loopFile), repo, null, store, "demo-run", json, output, error);
        foreach (var clone in Directory.Exists(Path.Combine(folder, "workspaces")) ? Directory.GetDirectories(Path.Combine(folder, "workspaces")) : [])
        {
            error.WriteLine($"demo: see the loop's commits with: git -C {clone} log --oneline main..HEAD");
        }

        return exit;
    }

    /// <summary>The samples folder: beside the repository root the CLI was built from, or under the current directory.</summary>
    private static string FindSamples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "samples", "demo")))
            {
                return Path.Combine(dir.FullName, "samples");
            }
        }

        return Path.GetFullPath("samples");
    }
}
