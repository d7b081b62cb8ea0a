namespace LoopFunctions.Cli.Tests;

/// <summary><c>loopfn run</c> killed with SIGKILL in the middle of an agent step, then run again: the loop finishes
/// with exactly the commits of an uncrashed run.</summary>
public sealed class CrashResumeTests
{
    [Fact]
    public async Task Run_KilledDuringAgentStep_ResumesAndMakesNoDuplicateCommit()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var markers = Directory.CreateDirectory(Path.Combine(sandbox.Root, "markers")).FullName;
        var agent = sandbox.Agent("slow-fix", $"""
            touch "{markers}/started-$(date +%s%N)" # not $$: every sandboxed agent is the same pid in its own namespace
            while [ ! -f "{markers}/release" ]; do sleep 0.05; done
            {Agents.Fix}
            """);
        // The markers live outside the workspace: the sandbox lets the agent write there only because the loop says so.
        var loop = sandbox.Loop("e2e", agent, agent: $"write_paths: [\"{markers}\"]");
        string[] args = ["run", loop, "--repo", sandbox.Repository, "--store", sandbox.Store, "--instance", "crash-1"];

        await using (var first = CliProcess.Start(args))
        {
            Assert.True(await PollAsync(() => Directory.GetFiles(markers, "started-*").Length == 1), "the agent never started:\n" + first.Output);
            await first.KillAsync();
        }

        await File.WriteAllTextAsync(Path.Combine(markers, "release"), "");
        await using var second = CliProcess.Start(args);
        var exit = await second.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, second.Output);
        Assert.Contains("resuming crash-1", second.Output, StringComparison.Ordinal);
        Assert.Equal(2, Directory.GetFiles(markers, "started-*").Length);
        Assert.Equal(["loop e2e: iteration 1"], await sandbox.LoopCommitsAsync());
    }

    private static Task<bool> PollAsync(Func<bool> condition) => Processes.PollAsync(condition, TimeSpan.FromSeconds(90));
}
