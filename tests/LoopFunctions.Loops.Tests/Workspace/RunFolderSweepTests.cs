using System.Globalization;
using LoopFunctions.Loops.Processes;
using LoopFunctions.Loops.Tests.Agents;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Tests.Workspace;

/// <summary>The run-wide sweep of the process ledgers (<see cref="RunFolder.KillEveryLeftover"/>): the run's own and
/// every attempt folder's, real processes recorded by the real runner, as a crashed worker leaves them.</summary>
public sealed class RunFolderSweepTests : IDisposable
{
    // This process's pid with a start time that is not its own: the record of a worker that died (its pid reused).
    private static readonly string DeadOwner = Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ":1";

    private readonly TempWorkspace _workspace = new();
    private readonly List<Task<ProcessRunResult>> _runs = [];

    public void Dispose()
    {
        new RunFolder(_workspace.Path).KillEveryLeftover(orphanedOnly: false);
        Task.WaitAll([.. _runs], TimeSpan.FromSeconds(30));
        _workspace.Dispose();
    }

    [Fact]
    public async Task KillEveryLeftover_CrashedWorkerLeftGroupsInTheRunAndFourAttempts_AllKilledWhateverTheFanOut()
    {
        var run = new RunFolder(_workspace.Path);
        // A crash under a fan-out of four; the resumed run may run fewer attempts, so attempt 4's own steps never sweep it.
        int?[] attempts = [null, 1, 2, 3, 4];
        var leaders = new List<int>();
        foreach (var attempt in attempts)
        {
            leaders.Add(await StartAsync(run.ForAttempt(attempt), DeadOwner));
        }

        var killed = run.KillEveryLeftover(orphanedOnly: true);

        Assert.Equal(attempts.Length, killed);
        foreach (var leader in leaders)
        {
            Assert.True(await ProcessTestHelpers.WaitUntilGoneAsync(leader, TimeSpan.FromSeconds(10)), $"group {leader} survived the sweep");
        }

        Assert.All(attempts, a => Assert.Empty(Directory.GetFiles(run.ForAttempt(a).Processes.Folder, "*.pid")));
    }

    [Fact]
    public async Task KillEveryLeftover_OrphanedOnlyBesideALiveStep_TheLiveStepsGroupIsKeptUntilTheRunsEnd()
    {
        var run = new RunFolder(_workspace.Path);
        var orphan = await StartAsync(run.ForAttempt(1), DeadOwner);
        // Attempt 2's step runs now in this (live) process: a resumed run's worker may have started it already.
        var live = await StartAsync(run.ForAttempt(2), owner: null);

        var resumed = run.KillEveryLeftover(orphanedOnly: true);

        Assert.Equal(1, resumed);
        Assert.True(await ProcessTestHelpers.WaitUntilGoneAsync(orphan, TimeSpan.FromSeconds(10)));
        Assert.False(await ProcessTestHelpers.WaitUntilGoneAsync(live, TimeSpan.Zero), "the live step's group was killed");
        Assert.Single(Directory.GetFiles(run.ForAttempt(2).Processes.Folder, "*.pid"));

        var ended = run.KillEveryLeftover(orphanedOnly: false);

        Assert.Equal(1, ended);
        Assert.True(await ProcessTestHelpers.WaitUntilGoneAsync(live, TimeSpan.FromSeconds(10)));
    }

    /// <summary>Starts a long sleep through <see cref="ProcessRunner"/>, recorded in <paramref name="folder"/>'s ledger
    /// under <paramref name="owner"/> (null: this process); returns its group leader once recorded.</summary>
    private async Task<int> StartAsync(RunFolder folder, string? owner)
    {
        var ledger = owner is null ? folder.Processes : new ProcessLedger(folder.Processes.Folder) { Owner = owner };
        var pidFile = Path.Combine(_workspace.Path, $"leader-{Guid.NewGuid():N}.pid");
        _runs.Add(ProcessRunner.RunAsync(new(["bash", "-c", $"echo $$ > '{pidFile}'; exec sleep 300"], _workspace.Path, TimeSpan.FromMinutes(5)) { Ledger = ledger }, CancellationToken.None));
        Assert.True(await Agents.Processes.PollAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n')
            && Directory.Exists(ledger.Folder)
            && Directory.GetFiles(ledger.Folder, "*.pid").Any(f => File.ReadAllText(f).Contains("\n" + File.ReadAllText(pidFile).Trim() + "\n", StringComparison.Ordinal))));
        return int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
    }
}
