using LoopFunctions.Loops.Budget;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Cli.Tests;

/// <summary>
/// A pooled <c>loopfn run</c> killed with SIGKILL while its agent step holds a pool reservation, read back from the
/// store file: a resumed run settles the step and leaves nothing reserved; an abandoned run (terminated, purged) is
/// freed by the next run's pool sweep.
/// </summary>
public sealed class PoolCrashTests
{
    private const string Pool = "crash-pool";

    // The pool the child processes declare (LoopFunctions:Pools from the environment, as every host reads it).
    private static readonly Dictionary<string, string> Settings = new() { [$"LoopFunctions__Pools__{Pool}__MaxTokens"] = "1000000" };

    [Fact]
    public async Task Run_KilledWhileHoldingAReservation_ResumedRunSettlesAndReleasesIt()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var (loop, markers) = BlockingLoop(sandbox);
        string[] args = ["run", loop, "--repo", sandbox.Repository, "--store", sandbox.Store, "--instance", "pool-1"];
        await KillWhileTheAgentBlocksAsync(args, markers);

        var held = await PoolStateAsync(sandbox.Store);
        Assert.Equal(["pool-1/1/1"], held.Reservations.Keys);
        Assert.Equal(0, held.SpentTokens);

        await File.WriteAllTextAsync(Path.Combine(markers, "release"), "");
        await using var second = CliProcess.Start(Settings, args);
        Assert.True(await second.WaitForExitAsync(TimeSpan.FromMinutes(2)) == 0, second.Output);

        var after = await PoolStateAsync(sandbox.Store);
        Assert.Empty(after.Reservations);
        Assert.Equal(1_500, after.SpentTokens);
        Assert.Equal(1, after.ByLoop["pooled"].Steps);

        // The pooled run's history (its entity calls and signals included) replays against today's orchestrator.
        await using var check = CliProcess.Start(Settings, "replay-check", "--store", sandbox.Store, "--instance", "pool-1");
        Assert.True(await check.WaitForExitAsync(TimeSpan.FromMinutes(2)) == 0, check.Output);
    }

    [Fact]
    public async Task Run_KilledThenTerminatedAndPurged_NextRunsSweepFreesTheHold()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var (loop, markers) = BlockingLoop(sandbox);
        await KillWhileTheAgentBlocksAsync(["run", loop, "--repo", sandbox.Repository, "--store", sandbox.Store, "--instance", "pool-dead"], markers);
        Assert.Equal(["pool-dead/1/1"], (await PoolStateAsync(sandbox.Store)).Reservations.Keys);
        await File.WriteAllTextAsync(Path.Combine(markers, "release"), "");

        // The termination is applied by the next worker on the store (another run's), then the run can be purged.
        await ExitsCleanlyAsync("terminate", "pool-dead", "--store", sandbox.Store);
        var other = sandbox.Loop("other", sandbox.Agent("fix", Agents.Fix), limits: "max_iterations: 3");
        await ExitsCleanlyAsync("run", other, "--repo", sandbox.Repository, "--store", sandbox.Store, "--instance", "other-1");
        // loopfn purge works on hosts only; the local store is purged through its client, as a host's purge would.
        await using (var store = await LocalEngine.OpenAsync(sandbox.Store, startWorker: false))
        {
            Assert.Equal(1, (await store.Client.PurgeInstanceAsync("pool-dead")).PurgedInstanceCount);
        }

        // One sweep (the next pooled run's, at its start) frees the purged run's hold; that run settles its own step.
        var next = sandbox.Loop("next", sandbox.Agent("fix-next", Agents.Fix), limits: $"max_iterations: 3\npool: {Pool}");
        await ExitsCleanlyAsync("run", next, "--repo", sandbox.Repository, "--store", sandbox.Store, "--instance", "next-1");

        var after = await PoolStateAsync(sandbox.Store);
        Assert.Empty(after.Reservations);
        Assert.Equal(1_500, after.SpentTokens);
    }

    private static (string Loop, string Markers) BlockingLoop(LoopSandbox sandbox)
    {
        var markers = sandbox.Markers;
        var agent = sandbox.Agent("slow-fix", $"""
            touch "{markers}/started-$(date +%s%N)"
            while [ ! -f "{markers}/release" ]; do sleep 0.05; done
            {Agents.Fix}
            """);
        return (sandbox.Loop("pooled", agent, limits: $"max_iterations: 3\npool: {Pool}", agent: $"write_paths: [\"{markers}\"]"), markers);
    }

    private static async Task KillWhileTheAgentBlocksAsync(string[] args, string markers)
    {
        await using var first = CliProcess.Start(Settings, args);
        Assert.True(await PollAsync(() => Directory.GetFiles(markers, "started-*").Length == 1), "the agent never started:\n" + first.Output);
        await first.KillAsync();
    }

    private static async Task ExitsCleanlyAsync(params string[] args)
    {
        await using var process = CliProcess.Start(Settings, args);
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromMinutes(2)) == 0, process.Output);
    }

    /// <summary>The pool's state as the store file has it (no worker: nothing is applied while reading).</summary>
    private static async Task<BudgetPoolState> PoolStateAsync(string store)
    {
        await using var engine = await LocalEngine.OpenAsync(store, startWorker: false);
        var entity = await engine.Client.Entities.GetEntityAsync<BudgetPoolState>(PoolEntity.Id(Pool), includeState: true);
        return Assert.IsType<BudgetPoolState>(entity?.State);
    }

    private static Task<bool> PollAsync(Func<bool> condition) => Processes.PollAsync(condition, TimeSpan.FromSeconds(90));
}
