namespace LoopFunctions.Cli.Tests;

/// <summary><c>loopfn run</c> stopped by the user (Ctrl+C, SIGTERM) in the middle of an agent step: the step is
/// handed back, not failed, so resuming runs the same iteration again and no iteration of the budget is spent.</summary>
public sealed class InterruptionTests
{
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task Run_StoppedDuringTheOnlyIteration_ResumedRunVerifiesInThatIteration(string signal)
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var markers = Directory.CreateDirectory(Path.Combine(sandbox.Root, "markers")).FullName;
        var agent = sandbox.Agent("waits", $"""
            touch "{markers}/started-$(date +%s%N)"
            while [ ! -f "{markers}/release" ]; do sleep 0.05; done
            {Agents.Fix}
            """);

        // One iteration only: had the interruption spent it, the resumed run would end MaxIterations, unverified.
        var loop = sandbox.Loop("e2e", agent, limits: "max_iterations: 1", agent: $"write_paths: [\"{markers}\"]");
        string[] args = ["run", loop, "--repo", sandbox.Repository, "--store", sandbox.Store, "--instance", "stopped-1"];

        await using (var first = CliProcess.Start(args))
        {
            Assert.True(await PollAsync(() => Directory.GetFiles(markers, "started-*").Length == 1), "the agent never started:\n" + first.Output);
            await first.SignalAsync(signal);
            Assert.Equal(1, await first.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("interrupted; the loop is kept in the store", first.Output, StringComparison.Ordinal);
        }

        await File.WriteAllTextAsync(Path.Combine(markers, "release"), "");
        await using var second = CliProcess.Start(args);
        var exit = await second.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, second.Output);
        Assert.Contains("resuming stopped-1", second.Output, StringComparison.Ordinal);
        Assert.Contains("Verified after 1 iteration(s)", second.Output, StringComparison.Ordinal);
        Assert.Equal(2, Directory.GetFiles(markers, "started-*").Length);
        Assert.Equal(["loop e2e: iteration 1"], await sandbox.LoopCommitsAsync());
    }

    [Fact]
    public async Task Run_StepKeepsKillingItsWorker_GivenUpWithAHandoffAndTheRunFails()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var markers = Directory.CreateDirectory(Path.Combine(sandbox.Root, "markers")).FullName;
        var agent = sandbox.Agent("never-ends", $$"""
            touch "{{markers}}/started-$(date +%s%N)"
            sleep 600
            """);
        var loop = sandbox.Loop("e2e", agent, agent: $"write_paths: [\"{markers}\"]");
        string[] args = ["run", loop, "--repo", sandbox.Repository, "--store", sandbox.Store, "--instance", "crashes-1"];

        // Each start of the agent step ends its worker (here: SIGKILL of loopfn while the agent runs).
        for (var crash = 1; crash <= 3; crash++)
        {
            await using var run = CliProcess.Start(args);
            Assert.True(await PollAsync(() => Directory.GetFiles(markers, "started-*").Length == crash), $"start {crash} of the agent never came:\n" + run.Output);
            await run.KillAsync();
        }

        await using var last = CliProcess.Start(args);
        var exit = await last.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(exit == 1, last.Output);
        Assert.Contains("is Failed", last.Output, StringComparison.Ordinal);
        Assert.Contains("step 'RunAgent' was given up", last.Output, StringComparison.Ordinal);
        Assert.Equal(3, Directory.GetFiles(markers, "started-*").Length);
        var note = await sandbox.GitAsync("log", "-1", "--format=%B", "loop/e2e/crashes-1-handoff");
        Assert.Contains("step 'RunAgent' failed", note, StringComparison.Ordinal);
        Assert.Contains("ended its worker 3 times", note, StringComparison.Ordinal);
    }

    private static Task<bool> PollAsync(Func<bool> condition) => Processes.PollAsync(condition, TimeSpan.FromSeconds(90));
}
