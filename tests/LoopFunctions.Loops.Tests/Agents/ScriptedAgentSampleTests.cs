using LoopFunctions.Loops.Agents.Contract;
using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Agents.Cli;
using Xunit;

namespace LoopFunctions.Loops.Tests.Agents;

public sealed class ScriptedAgentSampleTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private static string SamplePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LoopFunctions.sln")))
            {
                return Path.Combine(dir.FullName, "samples", "scripted-agent", "scripted-agent.sh");
            }
        }

        throw new InvalidOperationException("repository root (LoopFunctions.sln) not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public async Task ScriptedAgent_DemoBug_FixesOnlyAddAndReportsUsage()
    {
        _workspace.Write("src/calc.sh", "#!/usr/bin/env bash\nadd() {\n  echo $(( $1 - $2 ))\n}\n\nsub() {\n  echo $(( $1 - $2 ))\n}\n");
        var agent = new CommandAgent(new CommandAgentOptions(["bash", SamplePath(), "{workspace}", "{prompt_file}"], TimeSpan.FromMinutes(1), null));
        var request = new AgentRequest(_workspace.Path, "Fix add.", null, 1, new Dictionary<string, string>(), 0, TimeSpan.FromMinutes(1), [], 0);

        var result = await agent.RunAsync(request, CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("#!/usr/bin/env bash\nadd() {\n  echo $(( $1 + $2 ))\n}\n\nsub() {\n  echo $(( $1 - $2 ))\n}\n", _workspace.Read("src/calc.sh"));
        Assert.Equal(new TokenUsage(1200, 300), result.Usage);
        Assert.Equal(0.0m, result.CostUsd);
        Assert.StartsWith("Fixed add in src/calc.sh", result.Summary, StringComparison.Ordinal);
    }
}
