namespace LoopFunctions.Cli.Tests;

/// <summary>The CLI's commands as a user runs them: exit codes, messages, and what they print.</summary>
public sealed class CliAppTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("loopfn-cli-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Demo_FreshFolder_RunsTheSampleLoopToVerified()
    {
        var (exit, output, error) = await RunAsync("demo", "--folder", Path.Combine(_folder, "demo"), "--json");

        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains("Verified", error, StringComparison.Ordinal);
        Assert.Contains("\"outcome\":\"Verified\"", output.Trim().Split('\n')[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CostsAndReplayCheck_AfterARun_SummariseAndReplayCleanly()
    {
        var demo = Path.Combine(_folder, "demo");
        await RunAsync("demo", "--folder", demo);
        var store = Path.Combine(demo, "store.db");

        var (costsExit, costs, _) = await RunAsync("costs", "--store", store);
        var (replayExit, replay, _) = await RunAsync("replay-check", "--store", store);

        Assert.Equal(ExitCodes.Success, costsExit);
        Assert.Matches(@"fix-calc\s+1\s+100 %\s+1\s+1,500", costs);
        Assert.Equal(ExitCodes.Success, replayExit);
        Assert.Contains("0 nondeterministic", replay, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_LoopFileOutsideAnyLoopsFolder_StoredByNameWithTheRepositoryRelativeToIt()
    {
        var demo = Path.Combine(_folder, "demo");
        var (exit, _, _) = await RunAsync("demo", "--folder", demo);

        Assert.Equal(ExitCodes.Success, exit);
        await using var engine = await LocalEngine.OpenAsync(Path.Combine(demo, "store.db"), startWorker: false);
        var stored = (await engine.Client.GetInstanceAsync("demo-run", getInputsAndOutputs: true))!.SerializedInput!;
        var input = System.Text.Json.Nodes.JsonNode.Parse(stored)!;
        Assert.Equal("fix-calc", input["loop"]!.ToString());
        Assert.Equal("manual", input["trigger"]!["kind"]!.ToString());
        Assert.False(Path.IsPathRooted(input["repository"]!.ToString()));
        Assert.DoesNotContain("\"" + _folder, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("fix-calc.md", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_FolderWithValidAndInvalidLoops_ReportsFileLineAndReasonAndFails()
    {
        var loops = Directory.CreateDirectory(Path.Combine(_folder, "loops")).FullName;
        File.Copy(Path.Combine(RepoRoot(), "samples", "demo", "fix-calc.md"), Path.Combine(loops, "good.md"));
        await File.WriteAllTextAsync(Path.Combine(loops, "bad.md"), "---\nagent:\n  kind: command\n  comand: [x]\nverify:\n  - command: [make]\n---\nGoal\n");

        var (exit, output, error) = await RunAsync("validate", loops);

        Assert.Equal(ExitCodes.Error, exit);
        Assert.Contains("ok    good", output, StringComparison.Ordinal);
        Assert.Contains("bad.md:4:3: unknown key 'agent.comand'; did you mean 'command'?", error, StringComparison.Ordinal);
        Assert.Contains("1 valid, 1 invalid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_OneLoopFile_ValidatesThatFile()
    {
        var (exit, output, error) = await RunAsync("validate", Path.Combine(RepoRoot(), "samples", "demo", "fix-calc.md"));

        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains("ok    fix-calc", output, StringComparison.Ordinal);
        Assert.Contains("1 valid, 0 invalid", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run", "--help")]
    [InlineData("run", "fix-calc", "-h")]
    [InlineData("status", "--help")]
    public async Task RunAsync_HelpAfterACommand_PrintsTheUsageAndExitsZero(params string[] args)
    {
        var (exit, output, error) = await RunAsync(args);

        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains("usage: loopfn <command>", output, StringComparison.Ordinal);
        Assert.DoesNotContain("needs a value", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "frobnicate" }, "unknown command 'frobnicate'")]
    [InlineData(new[] { "run" }, "run needs exactly one loop")]
    [InlineData(new[] { "run", "x", "--store" }, "option --store needs a value")]
    [InlineData(new[] { "validate", "--strict", "yes" }, "unknown option: --strict")]
    [InlineData(new[] { "run", "no-such-loop" }, "no loop 'no-such-loop'")]
    public async Task RunAsync_BadCommandLine_ExitsTwoWithAClearMessage(string[] args, string expected)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InvalidInputJson_ExitsTwoBeforeStartingAnything()
    {
        var (exit, _, error) = await RunAsync("run", Path.Combine(RepoRoot(), "samples", "demo", "fix-calc.md"), "--input", "{not json", "--store", Path.Combine(_folder, "s.db"));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--input is not valid JSON", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "s.db")));
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "LoopFunctions.sln")))
        {
            dir = dir.Parent;
        }

        return dir.FullName;
    }
}
