namespace LoopFunctions.Cli.Tests;

/// <summary>
/// The agent's whole process tree dies with its step: when loopfn is killed (SIGKILL), stopped (SIGTERM) or
/// interrupted (Ctrl+C), and when the step ends. Each agent starts a writer that leaves its process tree (a double
/// fork into a session of its own), the way a coding agent's background job or dev server does.
/// </summary>
public sealed class ProcessTreeTests : IAsyncLifetime
{
    private readonly string _mark = "loopfn-orphan-" + Guid.NewGuid().ToString("N");
    private LoopSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await LoopSandbox.CreateAsync();

    public Task DisposeAsync()
    {
        Processes.KillMarked(_mark);
        _sandbox.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Run_LoopfnKilledDuringAgentStep_OrphanedWriterDiesToo()
    {
        await using var cli = StartBlockingAgent(out _);
        await WaitForAgentAsync(cli);

        await cli.CrashAsync();

        Assert.True(await Processes.AllGoneAsync(_mark, TimeSpan.FromSeconds(20)), "the agent's writer outlived loopfn");
    }

    [Fact]
    public async Task Run_UnconfinedAgentOutlivesACrash_TheResumedRunKillsItBeforeItsOwnStep()
    {
        var markers = _sandbox.Markers;
        var agent = _sandbox.Agent("resumable", $"""
            if [ ! -f "{markers}/release" ]; then
              {Agents.Orphan(_mark)}
              touch started
              sleep 600
            fi
            """ + "\n" + Agents.Fix);
        var loop = _sandbox.Loop("e2e", agent, agent: "sandbox: none");
        string[] args = ["run", loop, "--repo", _sandbox.Repository, "--store", _sandbox.Store, "--instance", "tree-1"];
        await using (var first = CliProcess.Start(args))
        {
            await WaitForAgentAsync(first);
            await first.CrashAsync();
        }

        // Unconfined, nothing took the writer down with loopfn; the run's ledger knows it.
        Assert.NotEmpty(Processes.WithMark(_mark));
        await File.WriteAllTextAsync(Path.Combine(markers, "release"), "");
        await using var second = CliProcess.Start(args);
        var exit = await second.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, second.Output);
        Assert.Empty(Processes.WithMark(_mark));
        Assert.Equal(["loop e2e: iteration 1"], await _sandbox.LoopCommitsAsync());
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Run_LoopfnStoppedDuringAgentStep_ExitsAndTheAgentTreeIsGone(string signal)
    {
        await using var cli = StartBlockingAgent(out _);
        await WaitForAgentAsync(cli);

        await cli.SignalAsync(signal);
        await cli.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(await Processes.AllGoneAsync(_mark, TimeSpan.FromSeconds(5)), "the agent's writer outlived loopfn:\n" + cli.Output);
    }

    [Fact]
    public async Task Run_AgentLeavesAWriterBehindAndExits_WriterDiesWithTheStepAndTheRunIsVerified()
    {
        var loop = _sandbox.Loop("e2e", _sandbox.Agent("leaves-orphan", Agents.Orphan(_mark) + "\n" + Agents.Fix), limits: "max_iterations: 1");

        var (exit, error) = await _sandbox.RunAsync(loop);

        Assert.True(exit == 0, error);
        Assert.Empty(Processes.WithMark(_mark));
    }

    private CliProcess StartBlockingAgent(out string loop)
    {
        var agent = _sandbox.Agent("blocks", Agents.Orphan(_mark) + "\ntouch started\nsleep 600\n" + Agents.Fix);
        loop = _sandbox.Loop("e2e", agent);
        return CliProcess.Start("run", loop, "--repo", _sandbox.Repository, "--store", _sandbox.Store, "--instance", "tree-1");
    }

    private async Task WaitForAgentAsync(CliProcess cli)
    {
        var started = await Processes.PollAsync(
            () => Directory.Exists(_sandbox.Workspaces) && Directory.EnumerateFiles(_sandbox.Workspaces, "started", SearchOption.AllDirectories).Any() && Processes.WithMark(_mark).Count > 0,
            TimeSpan.FromSeconds(90));
        Assert.True(started, "the agent never started:\n" + cli.Output);
    }
}
