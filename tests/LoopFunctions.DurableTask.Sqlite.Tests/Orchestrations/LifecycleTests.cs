using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

namespace LoopFunctions.DurableTask.Sqlite.Tests.Orchestrations;

/// <summary>Suspend, resume, terminate, rewind, dedupe and scheduled starts, through TaskHubClient.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task Terminate_PendingInstanceWaitingForItsStart_IsTerminatedAtOnce()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.Client.CreateScheduledOrchestrationInstanceAsync(typeof(TestOrchestrations.Hello), "p1", "x", DateTime.UtcNow.AddHours(1));
        await hub.Client.TerminateInstanceAsync(new OrchestrationInstance { InstanceId = "p1" }, "not needed");
        var state = await hub.WaitAsync("p1", TimeSpan.FromSeconds(5));
        Assert.Equal(OrchestrationStatus.Terminated, state.OrchestrationStatus);
        Assert.Equal("not needed", state.Output);
        Assert.Contains("\"EventType\":", await hub.Service.GetOrchestrationHistoryAsync("p1", null!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terminate_RunningInstance_EndsTerminatedWithTheReason()
    {
        await using var hub = await TestHub.StartAsync();
        var instance = await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.WaitForEvent), "r1", "x");
        Assert.True(await Poll.UntilAsync(async () => (await hub.StateAsync("r1"))?.OrchestrationStatus == OrchestrationStatus.Running));
        await hub.Client.TerminateInstanceAsync(instance, "stop");
        var state = await hub.WaitAsync("r1");
        Assert.Equal(OrchestrationStatus.Terminated, state.OrchestrationStatus);
        Assert.Equal("stop", state.Output);
    }

    [Fact]
    public async Task SuspendResume_EventWhileSuspended_IsHeldUntilResumed()
    {
        await using var hub = await TestHub.StartAsync();
        var instance = await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.WaitForEvent), "s1", "x");
        Assert.True(await Poll.UntilAsync(async () => (await hub.StateAsync("s1"))?.OrchestrationStatus == OrchestrationStatus.Running));
        await hub.Client.SuspendInstanceAsync(instance, "pause");
        Assert.True(await Poll.UntilAsync(async () => (await hub.StateAsync("s1"))?.OrchestrationStatus == OrchestrationStatus.Suspended));
        await hub.Client.RaiseEventAsync(instance, "go", "later");
        Assert.Null(await hub.Service.WaitForOrchestrationAsync("s1", null!, TimeSpan.FromMilliseconds(300), CancellationToken.None));
        Assert.Equal(OrchestrationStatus.Suspended, (await hub.StateAsync("s1"))!.OrchestrationStatus);
        await hub.Client.ResumeInstanceAsync(instance, "go on");
        var state = await hub.WaitAsync("s1");
        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("\"x:later\"", state.Output);
    }

    [Fact]
    public async Task Terminate_SuspendedInstance_EndsTerminated()
    {
        await using var hub = await TestHub.StartAsync();
        var instance = await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.WaitForEvent), "s2", "x");
        Assert.True(await Poll.UntilAsync(async () => (await hub.StateAsync("s2"))?.OrchestrationStatus == OrchestrationStatus.Running));
        await hub.Client.SuspendInstanceAsync(instance, "pause");
        Assert.True(await Poll.UntilAsync(async () => (await hub.StateAsync("s2"))?.OrchestrationStatus == OrchestrationStatus.Suspended));
        await hub.Client.TerminateInstanceAsync(instance, "gone");
        Assert.Equal(OrchestrationStatus.Terminated, (await hub.WaitAsync("s2")).OrchestrationStatus);
    }

    [Fact]
    public async Task Rewind_FailedInstance_ReRunsTheFailedActivityAndCompletes()
    {
        await using var hub = await TestHub.StartAsync();
        TestActivities.Broken["rw1"] = true;
        var failed = await hub.RunAsync(typeof(TestOrchestrations.Rewindable), "v", "rw1");
        Assert.Equal(OrchestrationStatus.Failed, failed.OrchestrationStatus);
        Assert.Contains("broken for v", failed.FailureDetails!.ErrorMessage, StringComparison.Ordinal);

        TestActivities.Broken["rw1"] = false;
        await hub.Service.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = "rw1" },
            Event = new ExecutionRewoundEvent(-1, "fixed it"),
        });
        Assert.True(await Poll.UntilAsync(async () => (await hub.StateAsync("rw1"))?.OrchestrationStatus == OrchestrationStatus.Completed));
        Assert.Equal("\"echo:v+fixed:v\"", (await hub.StateAsync("rw1"))!.Output);
    }

    [Fact]
    public async Task Messages_ToEndedOrUnknownInstances_AreDropped()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RunAsync(typeof(TestOrchestrations.Hello), "x", "done1");
        await hub.Client.RaiseEventAsync(new OrchestrationInstance { InstanceId = "done1" }, "late", "x");
        await hub.Client.RaiseEventAsync(new OrchestrationInstance { InstanceId = "nobody" }, "late", "x");
        Assert.Equal("[]", await hub.Service.GetOrchestrationHistoryAsync("nobody", null!));
        Assert.Equal(OrchestrationStatus.Completed, (await hub.StateAsync("done1"))!.OrchestrationStatus);
        Assert.Equal(0L, Scalar(hub, "SELECT count(*) FROM inbox"));
    }

    [Fact]
    public async Task Create_DedupeStatuses_RefusedOnlyForListedStatuses()
    {
        await using var hub = await TestHub.StartAsync(startWorker: false);
        await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.Hello), "d1", "a");
        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() =>
            hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.Hello), "d1", "b")); // default: Pending refused
        await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.Hello), "d1", "c", [OrchestrationStatus.Completed]); // replaces
        Assert.Equal("\"c\"", (await hub.StateAsync("d1"))!.Input);

        await hub.StartWorkerAsync();
        await hub.WaitAsync("d1");
        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() =>
            hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.Hello), "d1", "d", [OrchestrationStatus.Completed]));
        await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.Hello), "d1", "e"); // default allows replacing Completed
        var state = await hub.WaitAsync("d1");
        Assert.Equal("\"echo:e\"", state.Output);
    }

    [Fact]
    public async Task Create_ScheduledStart_RunsNoEarlier()
    {
        await using var hub = await TestHub.StartAsync();
        var startAt = DateTime.UtcNow.AddMilliseconds(700);
        await hub.Client.CreateScheduledOrchestrationInstanceAsync(typeof(TestOrchestrations.WaitForEvent), "sch1", "x", startAt);
        await hub.Client.RaiseEventAsync(new OrchestrationInstance { InstanceId = "sch1" }, "go", "before-start");
        var pending = await hub.StateAsync("sch1");
        Assert.Equal(OrchestrationStatus.Pending, pending!.OrchestrationStatus);
        Assert.Equal(startAt, pending.ScheduledStartTime!.Value, TimeSpan.FromMilliseconds(1));
        var state = await hub.WaitAsync("sch1");
        Assert.True(DateTime.UtcNow >= startAt);
        Assert.Equal("\"x:before-start\"", state.Output); // an event raised before the start waited for it
    }

    private static long Scalar(TestHub hub, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + hub.DbPath);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
