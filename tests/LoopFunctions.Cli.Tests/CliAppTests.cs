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
    [InlineData(new[] { "run", "--help" }, "loopfn run <loop> [options]", "--instance <ID>")]
    [InlineData(new[] { "run", "fix-calc", "-h" }, "loopfn run <loop> [options]", "--instance <ID>")]
    [InlineData(new[] { "status", "--help" }, "loopfn status <id> [options]", "--history")]
    [InlineData(new[] { "help", "approve" }, "loopfn approve <id> [options]", "--reject")]
    public async Task RunAsync_HelpAfterACommand_PrintsThatCommandsHelpAndExitsZero(string[] args, string usage, string option)
    {
        var (exit, output, error) = await RunAsync(args);

        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains(usage, output, StringComparison.Ordinal);
        Assert.Contains(option, output, StringComparison.Ordinal);
        Assert.Contains("Exit codes: 0 verified", output, StringComparison.Ordinal);
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData(new[] { "--help" }, ExitCodes.Success)]
    [InlineData(new string[0], ExitCodes.Usage)]
    public async Task RunAsync_NoCommand_ListsEveryCommandAndHowTheyReachAHost(string[] args, int expectedExit)
    {
        var (exit, output, _) = await RunAsync(args);

        Assert.Equal(expectedExit, exit);
        Assert.Contains("loopfn [command] [options]", output, StringComparison.Ordinal);
        foreach (var command in new[] { "run <loop>", "demo", "validate", "costs", "replay-check", "schedules", "serve", "verify-publish <url>", "start <loop>", "status <id>", "wait <id>", "list", "approve <id>", "raise <id> <event>", "terminate <id>", "suspend <id>", "resume <id>", "purge <id>" })
        {
            Assert.Contains("  " + command + " ", output, StringComparison.Ordinal);
        }

        Assert.Contains("LOOPFN_HOST", output, StringComparison.Ordinal);
        Assert.Contains("Exit codes: 0 verified", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "frobnicate" }, "Unrecognized command or argument 'frobnicate'")]
    [InlineData(new[] { "run" }, "Required argument 'loop' missing for command: 'run'")]
    [InlineData(new[] { "run", "x", "--store" }, "Required argument missing for option: '--store'")]
    [InlineData(new[] { "run", "x", "--store", "a", "--store", "b" }, "Option '--store' expects a single argument but 2 were provided")]
    [InlineData(new[] { "validate", "--strict", "yes" }, "Unrecognized command or argument '--strict'")]
    [InlineData(new[] { "run", "fix-calc", "--stor", "x" }, "Unrecognized command or argument '--stor'")]
    [InlineData(new[] { "run", "--jsn", "fix-calc" }, "Unrecognized command or argument '--jsn'")]
    [InlineData(new[] { "schedules", "--count", "0" }, "--count must be a positive whole number, not '0'")]
    [InlineData(new[] { "wait", "x", "--timeout", "soon" }, "--timeout 'soon' is not a duration")]
    [InlineData(new[] { "approve", "x", "--store", "s.db", "--host", "http://127.0.0.1:9" }, "give --store (the local store) or --host (a running host), not both")]
    [InlineData(new[] { "run", "no-such-loop" }, "no loop 'no-such-loop'")]
    public async Task RunAsync_BadCommandLine_ExitsTwoWithAClearMessage(string[] args, string expected)
    {
        var (exit, output, error) = await RunAsync(args);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("loopfn: " + expected, error, StringComparison.Ordinal);
        Assert.Contains("--help' for usage", error, StringComparison.Ordinal);
        Assert.Equal("", output);
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
