using System.Diagnostics;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Tests.Agents;
using LoopFunctions.Loops.Verification;

namespace LoopFunctions.Loops.Tests.Verification;

public sealed class CheckRunnerTests : IDisposable
{
    /// <summary>A bash prefix that counts runs in the file <c>count</c> and leaves the run number in <c>$n</c>.</summary>
    private const string Counter = "n=$(( $(cat count 2>/dev/null || echo 0) + 1 )); echo $n > count; ";

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task RunAsync_ExitZero_Passes()
    {
        var result = await CheckRunner.RunAsync(new CheckPlan("build", CheckKind.Command, ["bash", "-c", "echo built"], Minute), _workspace.Path, CancellationToken.None);

        Assert.Equal(new CheckResult("build", true, true, "build: passed", "built\n", null, 1), result);
    }

    [Fact]
    public async Task RunAsync_NonZeroExit_FailsWithOutputTail()
    {
        var script = "for i in $(seq 1 2000); do echo line-$i; done; echo boom >&2; exit 2";

        var result = await CheckRunner.RunAsync(new CheckPlan("lint", CheckKind.Command, ["bash", "-c", script], Minute), _workspace.Path, CancellationToken.None);

        Assert.True(result.Ran);
        Assert.False(result.Passed);
        Assert.Equal("lint: failed (exit 2)", result.Summary);
        Assert.StartsWith("...", result.OutputTail, StringComparison.Ordinal);
        Assert.True(result.OutputTail.Length <= 4003, $"tail is {result.OutputTail.Length} characters");
        Assert.Contains("line-2000\n", result.OutputTail, StringComparison.Ordinal);
        Assert.EndsWith("boom\n", result.OutputTail, StringComparison.Ordinal);
        Assert.DoesNotContain("line-1\n", result.OutputTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RunsInWorkspace()
    {
        _workspace.Write("marker.txt", "here");

        var result = await CheckRunner.RunAsync(new CheckPlan("cwd", CheckKind.Command, ["test", "-f", "marker.txt"], Minute), _workspace.Path, CancellationToken.None);

        Assert.True(result.Passed);
    }

    [Fact]
    public async Task RunAsync_ExceedsTimeout_IsKilledQuicklyAndFails()
    {
        var check = new CheckPlan("hang", CheckKind.Command, ["bash", "-c", "sleep 30"], TimeSpan.FromSeconds(1));
        var stopwatch = Stopwatch.StartNew();

        var result = await CheckRunner.RunAsync(check, _workspace.Path, CancellationToken.None);

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"took {stopwatch.Elapsed}");
        Assert.True(result.Ran);
        Assert.False(result.Passed);
        Assert.Equal("hang: timed out after 1 s", result.Summary);
    }

    [Fact]
    public async Task RunAsync_MissingProgram_DidNotRunAndFails()
    {
        var result = await CheckRunner.RunAsync(new CheckPlan("ghost", CheckKind.Command, ["loopfn-no-such-program-" + Guid.NewGuid().ToString("N")], Minute, Retries: 3), _workspace.Path, CancellationToken.None);

        Assert.False(result.Ran);
        Assert.False(result.Passed);
        Assert.Equal(1, result.Runs);
        Assert.StartsWith("ghost: could not run: ", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoCommand_DidNotRun()
    {
        var result = await CheckRunner.RunAsync(new CheckPlan("empty", CheckKind.Command, [], Minute), _workspace.Path, CancellationToken.None);

        Assert.False(result.Ran);
        Assert.Equal("empty: no command to run", result.Summary);
    }

    [Fact]
    public async Task RunAsync_FlakyWithRetries_PassesOnSecondRun()
    {
        var check = new CheckPlan("flaky", CheckKind.Command, ["bash", "-c", Counter + "[ \"$n\" -ge 2 ]"], Minute, Retries: 2, Quorum: 1);

        var result = await CheckRunner.RunAsync(check, _workspace.Path, CancellationToken.None);

        Assert.True(result.Passed);
        Assert.Equal(2, result.Runs);
        Assert.Equal("flaky: passed (1/2 runs passed, quorum 1)", result.Summary);
        Assert.Equal("2", _workspace.Read("count").Trim());
    }

    [Fact]
    public async Task RunAsync_QuorumOfTwo_RunsUntilTwoPass()
    {
        var check = new CheckPlan("flaky", CheckKind.Command, ["bash", "-c", Counter + "[ \"$n\" -ge 2 ]"], Minute, Retries: 3, Quorum: 2);

        var result = await CheckRunner.RunAsync(check, _workspace.Path, CancellationToken.None);

        Assert.True(result.Passed);
        Assert.Equal(3, result.Runs);
        Assert.Equal("flaky: passed (2/3 runs passed, quorum 2)", result.Summary);
    }

    [Fact]
    public async Task RunAsync_QuorumUnreachable_StopsEarlyAndFails()
    {
        // Needs 2 of 4 runs: after 3 failures one run is left, so the fourth is not attempted.
        var check = new CheckPlan("broken", CheckKind.Command, ["bash", "-c", Counter + "exit 1"], Minute, Retries: 3, Quorum: 2);

        var result = await CheckRunner.RunAsync(check, _workspace.Path, CancellationToken.None);

        Assert.False(result.Passed);
        Assert.Equal(3, result.Runs);
        Assert.Equal("3", _workspace.Read("count").Trim());
        Assert.Equal("broken: failed (exit 1) (0/3 runs passed, quorum 2)", result.Summary);
    }

    [Fact]
    public async Task RunAsync_TestsCheckWithFailingJUnitReport_FailsWithCounts()
    {
        var check = TestsCheck("junit-testsuite.xml");

        var result = await CheckRunner.RunAsync(check, _workspace.Path, CancellationToken.None);

        Assert.True(result.Ran);
        Assert.False(result.Passed);
        Assert.Equal("tests: 2/3 passed, 1 failed, 0 skipped", result.Summary);
        Assert.Equal(["com.example.CalcTest.divides"], result.Tests!.FailedNames);
    }

    [Fact]
    public async Task RunAsync_TestsCheckWithPassingReport_Passes()
    {
        var passing = _workspace.Write("fixtures/pass.xml", "<testsuite name=\"s\"><testcase classname=\"c\" name=\"a\"/><testcase classname=\"c\" name=\"b\"/></testsuite>");
        var check = new CheckPlan("tests", CheckKind.Tests, ["bash", "-c", $"mkdir -p out && cp '{passing}' out/report.xml"], Minute, ReportPath: "out/*.xml", ReportFormat: "junit");

        var result = await CheckRunner.RunAsync(check, _workspace.Path, CancellationToken.None);

        Assert.True(result.Passed);
        Assert.Equal((2, 2, 0, 0), (result.Tests!.Total, result.Tests.Passed, result.Tests.Failed, result.Tests.Skipped));
        Assert.Equal("tests: 2/2 passed, 0 failed, 0 skipped", result.Summary);
    }

    [Fact]
    public async Task RunAsync_TestsCheckReportMissing_Fails()
    {
        var check = new CheckPlan("tests", CheckKind.Tests, ["true"], Minute, ReportPath: "out/*.xml", ReportFormat: "junit");

        var result = await CheckRunner.RunAsync(check, _workspace.Path, CancellationToken.None);

        Assert.True(result.Ran);
        Assert.False(result.Passed);
        Assert.Null(result.Tests);
        Assert.Contains("no test report matching 'out/*.xml' was written", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_StaleReportFromEarlierRun_IsDeletedBeforeRun()
    {
        var stale = _workspace.Write("out/report.xml", "<testsuite name=\"s\"><testcase name=\"old\"/></testsuite>");
        var check = new CheckPlan("tests", CheckKind.Tests, ["true"], Minute, ReportPath: "out/*.xml", ReportFormat: "junit");

        var result = await CheckRunner.RunAsync(check, _workspace.Path, CancellationToken.None);

        Assert.False(File.Exists(stale));
        Assert.False(result.Passed);
        Assert.Contains("no test report", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_StaleTrxWithDefaultReportPath_IsDeletedBeforeRun()
    {
        var stale = _workspace.Write("TestResults/old.trx", File.ReadAllText(ReportFixtures.PathOf("vstest.trx")));
        var check = new CheckPlan("tests", CheckKind.Tests, ["true"], Minute);

        var result = await CheckRunner.RunAsync(check, _workspace.Path, CancellationToken.None);

        Assert.False(File.Exists(stale));
        Assert.False(result.Passed);
        Assert.Null(result.Tests);
        Assert.Contains("no test report matching '**/*.trx'", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TestsCheckWithUnreadableReport_FailsWithParserMessage()
    {
        var result = await CheckRunner.RunAsync(TestsCheck("invalid.xml"), _workspace.Path, CancellationToken.None);

        Assert.False(result.Passed);
        Assert.StartsWith("tests: the test report '", result.Summary, StringComparison.Ordinal);
        Assert.Contains("not valid XML", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TestsCheckSeveralReports_AddsThemUp()
    {
        var command = $"mkdir -p out && cp '{ReportFixtures.PathOf("junit-testsuite.xml")}' out/a.xml && cp '{ReportFixtures.PathOf("junit-testsuites.xml")}' out/b.xml";
        var check = new CheckPlan("tests", CheckKind.Tests, ["bash", "-c", command], Minute, ReportPath: "out/*.xml", ReportFormat: "junit");

        var result = await CheckRunner.RunAsync(check, _workspace.Path, CancellationToken.None);

        Assert.Equal((8, 4, 3, 1), (result.Tests!.Total, result.Tests.Passed, result.Tests.Failed, result.Tests.Skipped));
    }

    [Fact]
    public async Task RunAsync_ReportPathThroughALinkOutOfTheWorkspace_IsNeitherDeletedNorRead()
    {
        using var outside = new TempWorkspace();
        var foreign = outside.Write("out/report.xml", File.ReadAllText(ReportFixtures.PathOf("junit-testsuite.xml")));
        File.CreateSymbolicLink(Path.Combine(_workspace.Path, "out"), Path.GetDirectoryName(foreign)!);
        File.CreateSymbolicLink(Path.Combine(_workspace.Path, "up"), _workspace.Path);
        var check = new CheckPlan("tests", CheckKind.Tests, ["true"], Minute, ReportPath: "out/*.xml", ReportFormat: "junit");

        var result = await CheckRunner.RunAsync(check, _workspace.Path, CancellationToken.None);

        Assert.True(File.Exists(foreign));
        Assert.False(result.Passed);
        Assert.Null(result.Tests);
        Assert.Contains("no test report", result.Summary, StringComparison.Ordinal);
    }

    private static CheckPlan TestsCheck(string fixture) =>
        new("tests", CheckKind.Tests, ["bash", "-c", $"mkdir -p out && cp '{ReportFixtures.PathOf(fixture)}' out/report.xml"], Minute, ReportPath: "out/*.xml", ReportFormat: "auto");
}
