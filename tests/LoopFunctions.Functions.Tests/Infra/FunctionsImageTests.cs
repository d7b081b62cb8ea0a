using System.Text.RegularExpressions;
using LoopFunctions.Functions.Tests.TestSupport;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Planning;

namespace LoopFunctions.Functions.Tests.Infra;

/// <summary>
/// What infra/functions.Dockerfile puts in the Functions image, read from the file: no container engine runs here, so
/// the image is never built by these tests (the Dockerfile's own RUN step checks the tools exist when it is built).
/// The image must run the shipped loops: their sandbox (bubblewrap, socat), their checks' programs and their agents.
/// </summary>
public sealed partial class FunctionsImageTests
{
    private static readonly IReadOnlyList<Stage> Stages = ReadStages(Path.Combine(Repository.Root, "infra", "functions.Dockerfile"));

    private static Stage Final => Stages[^1];

    [Fact]
    public void FinalStage_IsTheFunctionsIsolatedImage()
    {
        Assert.StartsWith("mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0", Final.Image, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("git")]
    [InlineData("bash")]
    [InlineData("bubblewrap")]
    [InlineData("socat")]
    public void FinalStage_AptInstalls_Package(string package)
    {
        var installs = Final.Lines.Where(l => l.Contains("apt-get install", StringComparison.Ordinal)).SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(package, installs);
    }

    [Fact]
    public void FinalStage_DotnetSdk_CopiedFromTheSdkImageAndFirstOnPath()
    {
        var sdkStage = Assert.Single(Stages, s => s.Image.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", StringComparison.Ordinal));
        var copy = Assert.Single(Final.Lines, l => l.StartsWith($"COPY --from={sdkStage.Name} /usr/share/dotnet ", StringComparison.Ordinal));
        var target = copy.Split(' ')[^1];
        Assert.StartsWith($"PATH={target}:", PathSetting(), StringComparison.Ordinal);
    }

    [Fact]
    public void AgentClis_SameVersionsAsTestSh()
    {
        var script = File.ReadAllText(Path.Combine(Repository.Root, "test.sh"));
        var tested = TestShAgents().Match(script);
        Assert.True(tested.Success, "test.sh no longer lists agent_clis=(...)");
        var agentStage = Assert.Single(Stages, s => s.Lines.Any(l => l.Contains("npm install --global", StringComparison.Ordinal)));

        var installed = agentStage.Lines.SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(w => w.LastIndexOf('@') > 0).Order(StringComparer.Ordinal);

        Assert.Equal(tested.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal), installed);
        Assert.Contains(Final.Lines, l => l.StartsWith($"COPY --from={agentStage.Name} /opt/agents /opt/agents", StringComparison.Ordinal));
        Assert.Contains(Final.Lines, l => l.StartsWith($"COPY --from={agentStage.Name} /usr/local/bin/node ", StringComparison.Ordinal));
        Assert.Contains(":/opt/agents/bin:", PathSetting(), StringComparison.Ordinal);
    }

    [Fact]
    public void ShippedLoops_AgentsAndCheckProgramsAreInTheImage()
    {
        var programs = ProvidedPrograms();
        string[] builtInAgents = ["openai", "command"];
        var definitions = Directory.GetFiles(Path.Combine(Repository.Root, "loops"), "*.md").Select(f => LoopFileReader.LoadFile(f)).ToList();
        Assert.NotEmpty(definitions);

        foreach (var loop in definitions)
        {
            Assert.True(builtInAgents.Contains(loop.Agent.Kind) || programs.Contains(loop.Agent.Kind), $"{loop.Name}: agent.kind {loop.Agent.Kind} has no CLI in the image");
            foreach (var check in loop.Checks.Where(c => c.Command is { Count: > 0 }))
            {
                // A path (./scripts/deploy.sh) comes from the loop's own repository, not the image.
                var program = check.Command![0];
                Assert.True(program.Contains('/', StringComparison.Ordinal) || programs.Contains(program), $"{loop.Name}: check {check.Name} runs {program}, which the image lacks");
            }
        }
    }

    /// <summary>The programs the final stage puts on PATH, as the Dockerfile says: apt packages, the copied SDK, Node
    /// and npm, and the agent CLIs (by the executable each npm package installs).</summary>
    private static HashSet<string> ProvidedPrograms()
    {
        var programs = new HashSet<string>(StringComparer.Ordinal);
        var words = Final.Lines.SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        programs.UnionWith(words.Intersect(["git", "bash"]));
        if (Final.Lines.Any(l => l.StartsWith("COPY --from=", StringComparison.Ordinal) && l.Contains(" /usr/share/dotnet ", StringComparison.Ordinal)))
        {
            programs.Add("dotnet");
        }

        if (Final.Lines.Any(l => l.Contains("/usr/local/bin/node ", StringComparison.Ordinal)))
        {
            programs.Add("node");
        }

        if (words.Contains("/usr/local/bin/npm"))
        {
            programs.UnionWith(["npm", "npx"]);
        }

        var executables = new Dictionary<string, string> { ["@anthropic-ai/claude-code"] = "claude", ["@openai/codex"] = "codex", ["@google/gemini-cli"] = "gemini", ["opencode-ai"] = "opencode" };
        if (Final.Lines.Any(l => l.Contains(" /opt/agents /opt/agents", StringComparison.Ordinal)))
        {
            var packages = Stages.SelectMany(s => s.Lines).Where(l => l.Contains("npm install --global", StringComparison.Ordinal))
                .SelectMany(l => l.Split(' ')).Where(w => w.LastIndexOf('@') > 0).Select(w => w[..w.LastIndexOf('@')]);
            programs.UnionWith(packages.Where(executables.ContainsKey).Select(p => executables[p]));
        }

        return programs;
    }

    private static string PathSetting() =>
        Final.Lines.Select(l => PathEnv().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).Single();

    private static List<Stage> ReadStages(string path)
    {
        // Continuation lines are joined so each instruction is one line, as Docker reads it.
        var text = File.ReadAllText(path).Replace("\\\n", " ", StringComparison.Ordinal);
        var stages = new List<Stage>();
        foreach (var raw in text.Split('\n'))
        {
            var line = MultipleSpaces().Replace(raw.Trim(), " ");
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith("FROM ", StringComparison.Ordinal))
            {
                var words = line.Split(' ');
                stages.Add(new Stage(words[1], words.Length >= 4 && words[2] == "AS" ? words[3] : stages.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), []));
                continue;
            }

            Assert.NotEmpty(stages);
            stages[^1].Lines.Add(line);
        }

        return stages;
    }

    [GeneratedRegex(@"agent_clis=\(([^)]*)\)")]
    private static partial Regex TestShAgents();

    [GeneratedRegex(@"(?:^ENV |\s)(PATH=\S+)")]
    private static partial Regex PathEnv();

    [GeneratedRegex(@"\s+")]
    private static partial Regex MultipleSpaces();

    private sealed record Stage(string Image, string Name, List<string> Lines);
}
