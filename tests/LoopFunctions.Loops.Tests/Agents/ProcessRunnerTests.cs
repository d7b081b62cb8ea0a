using System.Diagnostics;
using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Processes;
using Xunit;

namespace LoopFunctions.Loops.Tests.Agents;

public sealed class ProcessRunnerTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task RunAsync_Timeout_KillsTheWholeTree()
    {
        var pidFile = Path.Combine(_workspace.Path, "child.pid");
        var options = new ProcessRunOptions(
            ["bash", "-c", $"sleep 30 & echo $! > '{pidFile}'; wait"], _workspace.Path, TimeSpan.FromSeconds(1));
        var stopwatch = Stopwatch.StartNew();

        var result = await ProcessRunner.RunAsync(options, CancellationToken.None);

        Assert.True(result.TimedOut);
        Assert.Equal(-1, result.ExitCode);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
        var childPid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await ProcessTestHelpers.WaitUntilGoneAsync(childPid, TimeSpan.FromSeconds(5)), $"child {childPid} (sleep 30) survived");
        Assert.True(await ProcessTestHelpers.WaitUntilGoneAsync(result.ProcessId, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task RunAsync_StdinEnvironmentAndCwd_ArePassed()
    {
        var options = new ProcessRunOptions(["bash", "-c", "cat; echo \"[$GREETING]\"; pwd"], _workspace.Path, TimeSpan.FromSeconds(30))
        {
            StandardInput = "from stdin\n",
            Environment = new Dictionary<string, string> { ["GREETING"] = "hello" },
        };

        var result = await ProcessRunner.RunAsync(options, CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"from stdin\n[hello]\n{new DirectoryInfo(_workspace.Path).FullName}\n", result.StandardOutput);
    }

    [Fact]
    public async Task RunAsync_SecretsUnderAnyName_OnlyAllowListedVariablesReachTheChild()
    {
        Environment.SetEnvironmentVariable("LOOPFN_TEST_DATABASE_URL", "postgres://u:pass@h/db");
        try
        {
            var result = await ProcessRunner.RunAsync(new(["env"], _workspace.Path, TimeSpan.FromSeconds(30)), CancellationToken.None);

            Assert.DoesNotContain("pass@h", result.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("PATH=", result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("LOOPFN_TEST_DATABASE_URL", null);
        }
    }

    [Fact]
    public async Task RunAsync_ChildLeavesABackgroundJob_TheJobDiesWithIt()
    {
        var options = new ProcessRunOptions(["bash", "-c", "sleep 300 & echo $!"], _workspace.Path, TimeSpan.FromSeconds(30));

        var result = await ProcessRunner.RunAsync(options, CancellationToken.None);

        var job = int.Parse(result.StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await ProcessTestHelpers.WaitUntilGoneAsync(job, TimeSpan.FromSeconds(5)), $"background job {job} survived its parent");
    }

    [Fact]
    public async Task RunAsync_ChildDaemonisesWithSweep_TheDaemonDiesToo()
    {
        var options = new ProcessRunOptions(["bash", "-c", "(setsid sleep 300 > /dev/null 2>&1 & echo $! > daemon.pid)"], _workspace.Path, TimeSpan.FromSeconds(30)) { SweepStrays = true };

        await ProcessRunner.RunAsync(options, CancellationToken.None);

        var daemon = int.Parse(_workspace.Read("daemon.pid").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await ProcessTestHelpers.WaitUntilGoneAsync(daemon, TimeSpan.FromSeconds(5)), $"daemon {daemon} survived");
    }

    [Fact]
    public async Task KillLeftovers_GroupRecordedByAProcessThatDied_KilledByTheNextStep()
    {
        var ledger = new ProcessLedger(System.IO.Path.Combine(_workspace.Path, "ledger"));
        using var started = new CancellationTokenSource();
        var run = ProcessRunner.RunAsync(new(["bash", "-c", "echo $$ > leader.pid; exec sleep 300"], _workspace.Path, TimeSpan.FromMinutes(5)) { Ledger = ledger }, started.Token);
        Assert.True(await Processes.PollAsync(() => File.Exists(System.IO.Path.Combine(_workspace.Path, "leader.pid"))
            && Directory.Exists(ledger.Folder) && Directory.GetFiles(ledger.Folder, "*.pid").Length == 1));
        var leader = int.Parse(_workspace.Read("leader.pid").Trim(), System.Globalization.CultureInfo.InvariantCulture);

        // As a crashed process would: the record stays, the group runs on.
        var killed = ledger.KillLeftovers();

        Assert.Equal(1, killed);
        Assert.True(await ProcessTestHelpers.WaitUntilGoneAsync(leader, TimeSpan.FromSeconds(5)));
        await run;
    }

    [Fact]
    public async Task RunAsync_HostHasSecrets_ChildDoesNotSeeThemUnlessPassedExplicitly()
    {
        Environment.SetEnvironmentVariable("LOOPFN_TEST_OPENAI_API_KEY", "sk-do-not-leak");
        try
        {
            var options = new ProcessRunOptions(["bash", "-c", "echo \"[$LOOPFN_TEST_OPENAI_API_KEY][$PASSED_TOKEN]\""], _workspace.Path, TimeSpan.FromSeconds(30))
            {
                Environment = new Dictionary<string, string> { ["PASSED_TOKEN"] = "explicit" },
            };

            var result = await ProcessRunner.RunAsync(options, CancellationToken.None);

            Assert.Equal("[][explicit]\n", result.StandardOutput);
        }
        finally
        {
            Environment.SetEnvironmentVariable("LOOPFN_TEST_OPENAI_API_KEY", null);
        }
    }

    [Fact]
    public async Task RunAsync_LongOutput_KeepsTheEnd()
    {
        var options = new ProcessRunOptions(["bash", "-c", "seq 1 10000"], _workspace.Path, TimeSpan.FromSeconds(30)) { OutputCap = 100 };

        var result = await ProcessRunner.RunAsync(options, CancellationToken.None);

        Assert.True(result.OutputTruncated);
        Assert.EndsWith("9999\n10000\n", result.StandardOutput, StringComparison.Ordinal);
        Assert.StartsWith("[... ", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingProgram_ThrowsAgentExceptionNamingIt()
    {
        var options = new ProcessRunOptions(["loopfn-no-such-program"], _workspace.Path, TimeSpan.FromSeconds(5));

        var ex = await Assert.ThrowsAsync<AgentException>(() => ProcessRunner.RunAsync(options, CancellationToken.None));

        Assert.Contains("loopfn-no-such-program", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("echo $(whoami)", new[] { "echo", "$(whoami)" })]
    [InlineData("npm test -- --grep 'a b'", new[] { "npm", "test", "--", "--grep", "a b" })]
    [InlineData("say \"x \\\" y\" a\\ b", new[] { "say", "x \" y", "a b" })]
    [InlineData("a;b | c", new[] { "a;b", "|", "c" })]
    public void Split_CommandLine_GivesLiteralArgv(string line, string[] expected) =>
        Assert.Equal(expected, CommandLineParser.Split(line));

    [Fact]
    public void Split_UnclosedQuote_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => CommandLineParser.Split("echo 'open"));
}
