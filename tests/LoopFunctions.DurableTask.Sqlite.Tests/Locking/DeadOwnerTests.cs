using System.Diagnostics;
using DurableTask.Core;
using LoopFunctions.DurableTask.Sqlite.CrashHost;
using LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

namespace LoopFunctions.DurableTask.Sqlite.Tests.Locking;

/// <summary>A process on this host that dies holding locks: its work is taken at once, not after the lock expiry.</summary>
public sealed class DeadOwnerTests
{
    [Fact]
    public async Task Worker_ProcessKilledHoldingLocks_LocksAreTakenLongBeforeTheyExpire()
    {
        await using var hub = await TestHub.StartAsync(
            s => { s.OrchestrationLockTimeout = TimeSpan.FromMinutes(5); s.ActivityLockTimeout = TimeSpan.FromMinutes(5); s.LocalDispatch = false; },
            startWorker: false);
        await SeedActivityAsync(hub, "held-a");
        var approval = await hub.Client.CreateOrchestrationInstanceAsync(typeof(Workloads.Approval), "held-o", "x");

        await using (var holder = ChildProcess.Start("LoopFunctions.DurableTask.Sqlite.CrashHost", "hold", hub.DbPath, hub.Settings.TaskHubName))
        {
            Assert.True(await Poll.UntilAsync(() => holder.Output.Contains("LOCKED held-o ", StringComparison.Ordinal), TimeSpan.FromSeconds(60)), holder.Output);
            Assert.DoesNotContain("LOCKED held-o -", holder.Output, StringComparison.Ordinal);
            await holder.KillAsync();
        }

        var killedAt = Stopwatch.StartNew();
        await hub.StartWorkerAsync();
        await hub.Client.RaiseEventAsync(approval, "approve", "ok");
        Assert.Equal("\"x:ok\"", (await hub.WaitAsync("held-o", TimeSpan.FromSeconds(30))).Output);
        var held = await hub.WaitAsync("held-a", TimeSpan.FromSeconds(30));
        Assert.True(held.Output == "\"echo:x\"", held.Output + held.FailureDetails);
        Assert.True(killedAt.Elapsed < TimeSpan.FromSeconds(30), $"took {killedAt.Elapsed}");
        Assert.Equal(1L, hub.Sql("SELECT count(*) FROM owners")); // only this process is left registered
    }

    private static async Task SeedActivityAsync(TestHub hub, string instanceId)
    {
        await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.Hello), instanceId, "x");
        await hub.Service.StartAsync();
        var item = await hub.Service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        var state = item.OrchestrationRuntimeState;
        state.AddEvent(new global::DurableTask.Core.History.OrchestratorStartedEvent(-1));
        state.AddEvent(item.NewMessages.Single().Event);
        var scheduled = new global::DurableTask.Core.History.TaskScheduledEvent(0, typeof(TestActivities.Echo).ToString(), "", "[\"x\"]");
        state.AddEvent(scheduled);
        state.AddEvent(new global::DurableTask.Core.History.OrchestratorCompletedEvent(-1));
        var status = new OrchestrationState
        {
            OrchestrationInstance = state.OrchestrationInstance, Name = state.Name, Version = state.Version,
            OrchestrationStatus = OrchestrationStatus.Running, CreatedTime = state.CreatedTime, LastUpdatedTime = DateTime.UtcNow, Input = state.Input,
        };
        await hub.Service.CompleteTaskOrchestrationWorkItemAsync(item, state, [new TaskMessage { OrchestrationInstance = state.OrchestrationInstance, Event = scheduled }], [], [], null!, status);
        await hub.Service.ReleaseTaskOrchestrationWorkItemAsync(item);
        await hub.Service.StopAsync();
    }
}
