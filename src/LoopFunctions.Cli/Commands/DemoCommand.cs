using System.CommandLine;
using LoopFunctions.Cli.Terminal;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Planning;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn demo</c>: a real loop on a sample repository, end to end, with no cloud account.</summary>
internal sealed class DemoCommand : Command
{
    private readonly Option<string> _folder = new("--folder")
    {
        Description = "Where the sample repository and the demo's store are made (emptied first)",
        HelpName = "DIR",
        DefaultValueFactory = _ => ".loopfunctions/demo",
    };

    private readonly Option<bool> _json = CliOptions.Json("Print the result as one line of JSON on stdout");

    public DemoCommand(CliTerminal terminal)
        : base("demo", "Create a sample repository and run a loop on it to a verified result")
    {
        Options.Add(_folder);
        Options.Add(_json);
        SetAction((parse, _) =>
        {
            var (output, error) = parse.Writers();
            return RunAsync(Path.GetFullPath(parse.GetValue(_folder)!), parse.GetValue(_json), output, error, terminal);
        });
    }

    private static async Task<int> RunAsync(string folder, bool json, TextWriter output, TextWriter error, CliTerminal terminal)
    {
        var samples = FindSamples();
        var openAi = Set("OPENAI_API_KEY");
        var azure = !openAi && Set("AZURE_OPENAI_ENDPOINT");
        var useModel = openAi || azure;
        var loopFile = Path.Combine(samples, "demo", openAi ? "fix-calc-openai.md" : azure ? "fix-calc-azure.md" : "fix-calc.md");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true); // every demo starts from a fresh repository and store
        }

        var repo = await DemoRepository.CreateAsync(Path.Combine(folder, "calc"));
        error.WriteLine($"demo: sample repository with a failing test at {repo}");
        error.WriteLine($"demo: running {Path.GetRelativePath(Directory.GetCurrentDirectory(), loopFile)} ({(azure ? "a real model on Azure OpenAI" : useModel ? "a real model" : "the scripted agent, no model needed")})");
        if (!useModel && await Loops.Sandbox.Bubblewrap.WhyUnavailableAsync() is { } why)
        {
            loopFile = await UnconfinedCopyAsync(loopFile, folder);
            error.WriteLine($"demo: {why}; the demo's scripted agent (this repository's own deterministic script) runs unconfined (agent.sandbox: none).");
            error.WriteLine("demo: loops of your own run their agents in bubblewrap's sandbox: install it (Debian/Ubuntu: sudo apt-get install bubblewrap).");
        }

        var store = Path.Combine(folder, "store.db");
        var exit = await RunCommand.RunLoopAsync(LoopFileReader.LoadFile(loopFile), repo, null, store, "demo-run", json, output, error, terminal: terminal);
        foreach (var clone in Directory.Exists(Path.Combine(folder, "workspaces")) ? Directory.GetDirectories(Path.Combine(folder, "workspaces")) : [])
        {
            error.WriteLine($"demo: see the loop's commits with: git -C {clone} log --oneline main..HEAD");
        }

        return exit;
    }

    /// <summary>The scripted demo loop with <c>agent.sandbox: none</c>, written into the demo's folder (the run loads
    /// its loop from the file); <c>{loop_dir}</c> keeps pointing at the samples.</summary>
    private static async Task<string> UnconfinedCopyAsync(string loopFile, string folder)
    {
        var text = (await File.ReadAllTextAsync(loopFile))
            .Replace("{loop_dir}", Path.GetDirectoryName(loopFile)!, StringComparison.Ordinal)
            .Replace("\n  kind: command\n", "\n  kind: command\n  sandbox: none\n", StringComparison.Ordinal);
        var copy = Path.Combine(Directory.CreateDirectory(Path.Combine(folder, "loops")).FullName, Path.GetFileName(loopFile));
        await File.WriteAllTextAsync(copy, text);
        return copy;
    }

    private static bool Set(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 };

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
