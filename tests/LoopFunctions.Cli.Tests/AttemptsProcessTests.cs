using LoopFunctions.Cli.Commands;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Cli.Tests;

/// <summary>
/// Cheating attempts of <c>agent.attempts</c>: each of three attempts starts a writer that leaves its process tree (a
/// double fork into a session of its own), ignores SIGTERM and SIGHUP, and keeps writing a numbered heartbeat into its
/// tree, into a folder outside the workspace it may write (<c>write_paths</c>), and at the project's repository. The
/// writer must be dead by the time its attempt's candidate is taken (the step's end), so nothing it writes later can
/// reach the committed result; and when loopfn dies under the attempts, the resumed run kills what survived.
/// </summary>
public sealed class AttemptsProcessTests : IAsyncLifetime
{
    private readonly string _mark = "loopfn-cheat-" + Guid.NewGuid().ToString("N");
    private LoopSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await LoopSandbox.CreateAsync();

    public Task DisposeAsync()
    {
        Processes.KillMarked(_mark);
        _sandbox.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Run_ThreeSandboxedAttemptsLeaveWritersBehind_WritersDieWithTheirStepsAndNothingLateIsCommitted()
    {
        var markers = _sandbox.Markers;
        // The agent returns only once its writer has written a few beats: the writer is alive when the step ends.
        var agent = _sandbox.Agent("cheat-" + _mark, $"""
            n=$(grep -o 'attempt-id=[0-9]' "$2" | head -1 | cut -d= -f2)
            {Cheater(markers, RunFolder.For(_sandbox.Workspaces, "run-1").GitDir)}
            until [ -s heartbeat.txt ] && [ "$(wc -l < heartbeat.txt)" -ge 3 ]; do sleep 0.02; done
            if [ "$n" = 3 ]; then sed -i '4s/-/+/' src/calc.sh; else echo '# tried something' >> src/calc.sh; fi
            {Agents.Usage(1000, 200)}
            """);
        var loop = _sandbox.Loop("e2e", agent, limits: "max_iterations: 1", agent: Attempts(markers, sandbox: null));

        var (exit, error) = await _sandbox.RunAsync(loop);

        Assert.True(exit == ExitCodes.Success, error);
        // No writer outlived the run: no poll, they were dead when loopfn returned.
        Assert.Empty(Processes.WithMark(_mark));
        Assert.Equal(["loop e2e: iteration 1"], await _sandbox.LoopCommitsAsync());
        Assert.Contains("$1 + $2", await _sandbox.FileOnLoopBranchAsync("src/calc.sh"), StringComparison.Ordinal);
        var committed = await _sandbox.FileOnLoopBranchAsync("heartbeat.txt");
        Assert.Equal(await _sandbox.GitAsync("show", "refs/loopfunctions/attempts/3/candidate:heartbeat.txt"), committed);
        foreach (var n in new[] { 1, 2, 3 })
        {
            // The candidate is the tree at the step's end; the writer, alive then, would have gone on numbering beats
            // (every 20 ms, through the guard, the verification and the commit) had it outlived the step.
            var candidate = LastBeat(await _sandbox.GitAsync("show", $"refs/loopfunctions/attempts/{n}/candidate:heartbeat.txt"));
            var outside = LastBeat(await File.ReadAllTextAsync(Path.Combine(markers, $"heartbeat-{n}")));
            var inTree = LastBeat(await File.ReadAllTextAsync(Path.Combine(_sandbox.Workspace, "attempts", n.ToString(System.Globalization.CultureInfo.InvariantCulture), "tree", "heartbeat.txt")));
            Assert.True(candidate >= 3, $"attempt {n}: its writer never ran");
            Assert.True(outside <= candidate + 1, $"attempt {n}: its writer wrote beat {outside} outside the workspace after the candidate (beat {candidate}) was taken");
            Assert.True(inTree <= candidate + 1, $"attempt {n}: its writer wrote beat {inTree} into its tree after the candidate (beat {candidate}) was taken");
        }

        // The project's repository is out of the sandbox's sight: the writer's attempts on it changed nothing.
        Assert.False(File.Exists(Path.Combine(_sandbox.Workspace, ".git", "sneaky")));
        Assert.DoesNotContain("sneaky", await _sandbox.GitAsync("for-each-ref", "--format=%(refname)"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bwrap")]
    [InlineData("none")]
    public async Task Run_LoopfnKilledWhileAttemptsLeftWritersRunning_ResumedRunKillsThemAndCommitsNothingOfTheirs(string sandbox)
    {
        var markers = _sandbox.Markers;
        var agent = _sandbox.Agent("cheat-" + _mark, $"""
            n=$(grep -o 'attempt-id=[0-9]' "$2" | head -1 | cut -d= -f2)
            if [ ! -f "{markers}/release" ]; then
              {Cheater(markers, RunFolder.For(_sandbox.Workspaces, "crash-1").GitDir)}
              until [ -s heartbeat.txt ]; do sleep 0.02; done
              touch "{markers}/started-$n"
              sleep 600
            fi
            if [ "$n" = 3 ]; then sed -i '4s/-/+/' src/calc.sh; else echo '# tried something' >> src/calc.sh; fi
            {Agents.Usage(1000, 200)}
            """);
        var loop = _sandbox.Loop("e2e", agent, limits: "max_iterations: 1", agent: Attempts(markers, sandbox));
        string[] args = ["run", loop, "--repo", _sandbox.Repository, "--store", _sandbox.Store, "--instance", "crash-1"];
        await using (var first = CliProcess.Start(args))
        {
            var started = await Processes.PollAsync(() => Directory.GetFiles(markers, "started-*").Length == 3, TimeSpan.FromSeconds(90));
            Assert.True(started, "the attempts never started:\n" + first.Output);
            await first.CrashAsync();
        }

        if (sandbox == "bwrap")
        {
            // Each sandbox dies with loopfn (--die-with-parent), and every process in it with the sandbox's PID namespace.
            Assert.True(await Processes.AllGoneAsync(_mark, TimeSpan.FromSeconds(20)), "a sandboxed writer outlived loopfn");
        }
        else
        {
            // Unconfined, nothing took the writers down with loopfn: only the attempts' process ledgers know them.
            Assert.NotEmpty(Processes.WithMark(_mark));
        }

        await File.WriteAllTextAsync(Path.Combine(markers, "release"), "");
        await using var second = CliProcess.Start(args);
        var exit = await second.WaitForExitAsync(TimeSpan.FromMinutes(3));

        Assert.True(exit == 0, second.Output);
        Assert.Contains("resuming crash-1", second.Output, StringComparison.Ordinal);
        Assert.Empty(Processes.WithMark(_mark));
        var workspace = RunFolder.For(_sandbox.Workspaces, "crash-1").Root;
        Assert.Equal(["loop e2e: iteration 1"], await _sandbox.LoopCommitsAsync(workspace));
        Assert.Contains("$1 + $2", await _sandbox.FileOnLoopBranchAsync("src/calc.sh", workspace), StringComparison.Ordinal);
        // The resumed attempts started from clean trees: a writer alive after the reset would have put its heartbeat
        // back into the candidate.
        Assert.DoesNotContain("heartbeat.txt", await Git.RunAsync(workspace, CancellationToken.None, "ls-tree", "--name-only", "HEAD"), StringComparison.Ordinal);
    }

    /// <summary>The writer: a double fork into a session of its own that ignores SIGTERM and SIGHUP and, every 20 ms,
    /// writes the next beat into the tree and into the markers folder, and tries the project's repository (hidden by the
    /// sandbox, reachable without it). The mark is in its command line, where the test finds it.</summary>
    private string Cheater(string markers, string projectGit) =>
        $"(setsid bash -c 'trap \"\" TERM HUP; i=0; while :; do i=$((i+1)); echo $i >> heartbeat.txt; echo $i >> \"{markers}/heartbeat-$0\"; "
        + $"echo $i >> \"{projectGit}/sneaky\" 2>/dev/null; git --git-dir=\"{projectGit}\" update-ref refs/heads/sneaky HEAD 2>/dev/null; sleep 0.02; done' \"$n\" {_mark} > /dev/null 2>&1 &)";

    private static string Attempts(string markers, string? sandbox) =>
        (sandbox is null ? "" : $"sandbox: {sandbox}\n") + $"""
        write_paths: ["{markers}"]
        attempts:
          - prompt: "attempt-id=1"
          - prompt: "attempt-id=2"
          - prompt: "attempt-id=3"
        """;

    private static int LastBeat(string beats) =>
        beats.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(b => int.Parse(b, System.Globalization.CultureInfo.InvariantCulture)).Last();
}
