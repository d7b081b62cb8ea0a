namespace LoopFunctions.Cli.Tests;

/// <summary><c>loopfn terminate</c> and <c>loopfn approve</c> on the local store, from another process than the
/// <c>loopfn run</c> that runs the loop, with no host.</summary>
public sealed class LocalStoreCommandsTests : IAsyncLifetime
{
    private readonly string _mark = "loopfn-terminated-" + Guid.NewGuid().ToString("N");
    private LoopSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await LoopSandbox.CreateAsync();

    public Task DisposeAsync()
    {
        Processes.KillMarked(_mark);
        _sandbox.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Terminate_LocalStoreDuringAnAgentStep_KillsTheAgentTreeAtOnceAndTheRunEnds()
    {
        // The agent sleeps for ten minutes, and leaves a writer of its own outside its process group.
        var agent = _sandbox.Agent("sleeps", Agents.Orphan(_mark) + $"\nbash -c 'sleep 600; true # {_mark}'\n" + Agents.Fix);
        var loop = _sandbox.Loop("e2e", agent);
        await using var run = CliProcess.Start("run", loop, "--repo", _sandbox.Repository, "--store", _sandbox.Store, "--instance", "ended-1");
        Assert.True(
            await Processes.PollAsync(() => Processes.WithMark(_mark).Count >= 2, TimeSpan.FromSeconds(90)),
            "the agent never started:\n" + run.Output);

        var (exit, error) = await CliAsync("terminate", "ended-1", "--store", _sandbox.Store, "--reason", "enough");

        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains("terminate sent to ended-1", error, StringComparison.Ordinal);
        Assert.True(await Processes.AllGoneAsync(_mark, TimeSpan.FromSeconds(15)), "the agent outlived the terminated run:\n" + run.Output);
        Assert.Equal(ExitCodes.Error, await run.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("is Terminated", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_LocalStoreWhileRunWaits_RunSaysHowAndTheApprovedRunFinishes()
    {
        var loop = _sandbox.Loop("gated", _sandbox.Agent("fixes", Agents.Fix), governance: "protect_paths: [tests/**]\n  approve: [push]\n  approval_timeout: 1h");
        await File.WriteAllTextAsync(loop, (await File.ReadAllTextAsync(loop)).Replace("governance:", "outputs:\n  push: true\ngovernance:", StringComparison.Ordinal));
        await using var run = CliProcess.Start("run", loop, "--repo", _sandbox.Repository, "--store", _sandbox.Store, "--instance", "gated-1");
        Assert.True(
            await Processes.PollAsync(() => run.Output.Contains("approve with:", StringComparison.Ordinal), TimeSpan.FromSeconds(90)),
            "the run never said how to approve:\n" + run.Output);
        Assert.Contains($"loopfn approve gated-1 --store {_sandbox.Store}", run.Output, StringComparison.Ordinal);
        Assert.Contains("loopfn approve gated-1 --reject", run.Output, StringComparison.Ordinal);

        var (exit, error) = await CliAsync("approve", "gated-1", "--store", _sandbox.Store, "--by", "ana");

        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains("approved gated-1", error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, await run.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        Assert.Contains("Verified", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_LocalStoreUnknownOrEndedInstance_ExitsOneWithTheReason()
    {
        var loop = _sandbox.Loop("e2e", _sandbox.Agent("fixes", Agents.Fix));
        var (runExit, runError) = await _sandbox.RunAsync(loop, "done-1");
        Assert.True(runExit == ExitCodes.Success, runError);

        var (unknown, unknownError) = await CliAsync("approve", "no-such-run", "--store", _sandbox.Store);
        var (ended, endedError) = await CliAsync("terminate", "done-1", "--store", _sandbox.Store);
        var (both, bothError) = await CliAsync("terminate", "done-1", "--store", _sandbox.Store, "--host", "http://127.0.0.1:9");

        Assert.Equal(ExitCodes.Error, unknown);
        Assert.Contains("no instance with id 'no-such-run'", unknownError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Error, ended);
        Assert.Contains("done-1 has already ended (Completed)", endedError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, both);
        Assert.Contains("not both", bothError, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Error)> CliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error);
        return (exit, error.ToString());
    }
}
