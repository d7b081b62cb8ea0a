using DurableTask.Core;
using DurableTask.Core.History;
using LoopFunctions.DurableTask.Sqlite.CrashHost;
using LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

namespace LoopFunctions.DurableTask.Sqlite.Tests.Crash;

/// <summary>A SIGKILL while an activity result folded into a session (in memory, not yet committed) is being applied:
/// the activity must run again elsewhere, and its result must be applied exactly once.</summary>
public sealed class FoldCrashTests
{
    [Fact]
    public async Task Worker_KilledWhileApplyingAFoldedResult_ActivityRunsAgainAndItsResultIsAppliedOnce()
    {
        await using var hub = await TestHub.StartAsync(startWorker: false);
        var log = Path.Combine(hub.Folder, "side-effects.log");
        await hub.Client.CreateOrchestrationInstanceAsync(typeof(Workloads.HoldAfterResult), "fold-kill", "x");

        await using (var first = Start(hub, log, hold: true))
        {
            Assert.True(await Poll.UntilAsync(() => AppendLog.ReadAllLines(log).Contains("applying:fold-kill") || first.HasExited, TimeSpan.FromSeconds(90)),
                "the worker never applied the activity result:\n" + first.Output);
            Assert.False(first.HasExited, first.Output);

            // The result lives only in the worker's memory: the activity row is still leased, nothing reached the inbox
            // or the history.
            Assert.Equal(1L, hub.Sql("SELECT count(*) FROM activities WHERE instance_id = 'fold-kill'"));
            Assert.Equal(0L, hub.Sql($"SELECT count(*) FROM inbox WHERE instance_id = 'fold-kill' AND event_type = {(int)EventType.TaskCompleted}"));
            await first.KillAsync();
        }

        await using (var survivor = Start(hub, log, hold: false))
        {
            Assert.True(await survivor.WaitForExitAsync(TimeSpan.FromMinutes(2)) == 0, survivor.Output);
        }

        var state = await hub.StateAsync("fold-kill");
        Assert.Equal((OrchestrationStatus.Completed, "\"marked:x\""), (state!.OrchestrationStatus, state.Output));
        Assert.Equal(2, AppendLog.ReadAllLines(log).Count(l => l == "ran:fold-kill")); // at-least-once: it ran again
        Assert.Equal(1L, hub.Sql($"SELECT count(*) FROM history WHERE instance_id = 'fold-kill' AND event_type = {(int)EventType.TaskCompleted}"));
        Assert.Equal(0L, hub.Sql("SELECT count(*) FROM activities"));
    }

    private static ChildProcess Start(TestHub hub, string log, bool hold) =>
        ChildProcess.Start("LoopFunctions.DurableTask.Sqlite.CrashHost", hold ? new Dictionary<string, string> { ["DTFX_SQLITE_HOLD"] = "1" } : null,
            "work", hub.DbPath, hub.Settings.TaskHubName, log, "-", "-");
}
