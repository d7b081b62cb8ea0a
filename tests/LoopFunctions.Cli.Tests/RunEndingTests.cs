using LoopFunctions.Cli.Commands;

namespace LoopFunctions.Cli.Tests;

/// <summary>What a user meets after a run on the embedded store: where the result is (the loop branch fetched into a
/// local repository), the agent's transcript through <c>loopfn logs</c>, and a Failed run taken to its end by
/// <c>loopfn rewind</c>. Real loops, real git, a real store.</summary>
public sealed class RunEndingTests : IAsyncLifetime
{
    private const string FlakySetup = """
        #!/usr/bin/env bash
        counter="$0.count"
        n=$(( $(cat "$counter" 2>/dev/null || echo 0) + 1 ))
        echo "$n" > "$counter"
        for f in $1; do
          if [ "$n" = "$f" ]; then echo "flaky setup: call $n fails" >&2; exit 1; fi
        done
        """;

    private LoopSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await LoopSandbox.CreateAsync();

    public Task DisposeAsync()
    {
        _sandbox.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Run_LocalRepository_LoopBranchFetchedIntoItAndNotCheckedOut()
    {
        var loop = _sandbox.Loop("place", _sandbox.Agent("fixer", Agents.Fix));

        var (exit, error) = await _sandbox.RunAsync(loop, "place-1");

        Assert.True(exit == ExitCodes.Success, error);
        const string Branch = "loop/place/place-1";
        Assert.Contains($"the loop branch is in your repository {_sandbox.Repository}: {Branch}", error, StringComparison.Ordinal);
        var inRun = (await _sandbox.GitAsync("rev-parse", $"refs/heads/{Branch}")).Trim();
        var inRepository = (await Loops.Workspace.Git.RunAsync(_sandbox.Repository, CancellationToken.None, "rev-parse", $"refs/heads/{Branch}")).Trim();
        Assert.Equal(inRun, inRepository);
        Assert.Equal("main", (await Loops.Workspace.Git.RunAsync(_sandbox.Repository, CancellationToken.None, "branch", "--show-current")).Trim());
        Assert.Equal("", (await Loops.Workspace.Git.RunAsync(_sandbox.Repository, CancellationToken.None, "status", "--porcelain")).Trim());
    }

    [Fact]
    public async Task Run_BranchOfThatNameInTheRepository_LeftAsItIsAndSaysHowToFetch()
    {
        await Loops.Workspace.Git.RunAsync(_sandbox.Repository, CancellationToken.None, "checkout", "--quiet", "-b", "loop/busy/busy-1");
        var loop = _sandbox.Loop("busy", _sandbox.Agent("fixer", Agents.Fix));

        var (exit, error) = await _sandbox.RunAsync(loop, "busy-1");

        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains($"the loop branch loop/busy/busy-1 was not fetched into {_sandbox.Repository}: a branch of that name is there already", error, StringComparison.Ordinal);
        Assert.Contains("fetch the loop's under another name with: git -C", error, StringComparison.Ordinal);
        // The user's branch of that name did not move.
        var main = (await Loops.Workspace.Git.RunAsync(_sandbox.Repository, CancellationToken.None, "rev-parse", "main")).Trim();
        Assert.Equal(main, (await Loops.Workspace.Git.RunAsync(_sandbox.Repository, CancellationToken.None, "rev-parse", "loop/busy/busy-1")).Trim());
    }

    [Fact]
    public async Task Logs_FinishedRun_PrintsTheAgentsOutputPerIteration()
    {
        var loop = _sandbox.Loop("talk", _sandbox.Agent("talker", "echo 'reading src/calc.sh'\n" + Agents.Fix));
        var (exit, error) = await _sandbox.RunAsync(loop, "talk-1");
        Assert.True(exit == ExitCodes.Success, error);

        var (logsExit, output, logsError) = await CliAsync("logs", "talk-1", "--store", _sandbox.Store);
        var (oneExit, one, _) = await CliAsync("logs", "talk-1", "--iteration", "1", "--store", _sandbox.Store);
        var (noneExit, _, unknown) = await CliAsync("logs", "nope", "--store", _sandbox.Store);
        var (badExit, _, bad) = await CliAsync("logs", "talk-1", "--iteration", "0", "--store", _sandbox.Store);

        Assert.True(logsExit == ExitCodes.Success, logsError);
        Assert.StartsWith("── iteration 1 ──", output, StringComparison.Ordinal);
        Assert.Contains(" output: reading src/calc.sh", output, StringComparison.Ordinal);
        Assert.Equal((ExitCodes.Success, output), (oneExit, one));
        Assert.Equal(ExitCodes.Error, noneExit);
        Assert.Contains("no instance with id 'nope'", unknown, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, badExit);
        Assert.Contains("--iteration counts from 1", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rewind_FailedLocalRun_RunsTheFailedStepAgainToVerified()
    {
        var script = Path.Combine(_sandbox.Root, "flaky.sh");
        await File.WriteAllTextAsync(script, FlakySetup + "\n");
        var loop = _sandbox.Loop("flaky", _sandbox.Agent("fixer", Agents.Fix), agent: "sandbox: none");
        await File.WriteAllTextAsync(loop, (await File.ReadAllTextAsync(loop)).Replace("  base_branch: main", $"  base_branch: main\n  setup: [bash, \"{script}\", \"1 2 3\"]", StringComparison.Ordinal));

        var (exit, error) = await _sandbox.RunAsync(loop, "flaky-1");
        Assert.True(exit == ExitCodes.Error, error);
        Assert.Contains("is Failed", error, StringComparison.Ordinal);

        var (rewound, output, rewindError) = await CliAsync("rewind", "flaky-1", "--store", _sandbox.Store, "--json");
        var (again, _, againError) = await CliAsync("rewind", "flaky-1", "--store", _sandbox.Store);

        Assert.True(rewound == ExitCodes.Success, rewindError);
        Assert.Contains("\"outcome\":\"Verified\"", output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Error, again);
        Assert.Contains("only a Failed run can be rewound", againError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Run_AgentTalks_TranscriptStreamsUnderTheProgressUnlessQuiet(bool quiet)
    {
        var loop = _sandbox.Loop("live", _sandbox.Agent("talker", "echo 'editing src/calc.sh now'\n" + Agents.Fix));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await RunCommand.RunLoopAsync(Loops.Planning.LoopFileReader.LoadFile(loop), _sandbox.Repository, null, _sandbox.Store, "live-1", json: false, output, error, quiet);

        Assert.True(exit == ExitCodes.Success, error.ToString());
        var streamed = error.ToString().Split('\n').Where(l => l.StartsWith("  │ ", StringComparison.Ordinal)).ToList();
        if (quiet)
        {
            Assert.Empty(streamed);
        }
        else
        {
            Assert.Contains(streamed, l => l.Contains("editing src/calc.sh now", StringComparison.Ordinal));
        }
    }

    private static async Task<(int Exit, string Output, string Error)> CliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
