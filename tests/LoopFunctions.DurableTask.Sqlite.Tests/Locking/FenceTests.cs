using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

namespace LoopFunctions.DurableTask.Sqlite.Tests.Locking;

/// <summary>Direct calls on the provider: a holder that lost its lock or lease writes nothing; abandon backs off.</summary>
public sealed class FenceTests
{
    [Fact]
    public async Task CompleteOrchestration_StaleHolderAfterAnotherLocked_WritesNothing()
    {
        await using var hub = await TestHub.StartAsync(startWorker: false);
        await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.Hello), "fence-1", "x");
        await hub.Service.StartAsync();
        var stale = await hub.Service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        hub.Sql("UPDATE instances SET lock_expires = 1 WHERE instance_id = 'fence-1'"); // its lock expires
        var current = await hub.Service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal("fence-1", current.InstanceId);

        var (state, status) = Episode(stale);
        await Assert.ThrowsAsync<SessionAbortedException>(() =>
            hub.Service.CompleteTaskOrchestrationWorkItemAsync(stale, state, [Activity(state)], [], [], null!, status));
        Assert.Equal(0L, hub.Sql("SELECT count(*) FROM history"));
        Assert.Equal(0L, hub.Sql("SELECT count(*) FROM activities"));
        Assert.Equal(1L, hub.Sql("SELECT count(*) FROM inbox"));

        var (state2, status2) = Episode(current);
        await hub.Service.CompleteTaskOrchestrationWorkItemAsync(current, state2, [Activity(state2)], [], [], null!, status2);
        Assert.Equal(3L, hub.Sql("SELECT count(*) FROM history"));
        Assert.Equal(1L, hub.Sql("SELECT count(*) FROM activities"));
        Assert.Equal(0L, hub.Sql("SELECT count(*) FROM inbox"));
    }

    [Fact]
    public async Task CompleteActivity_LeaseExpiredAndRedelivered_OnlyTheCurrentLeaseStoresItsResult()
    {
        await using var hub = await TestHub.StartAsync(s => s.LocalDispatch = false, startWorker: false);
        await SeedActivityAsync(hub, "fence-2");
        var stale = await hub.Service.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(5), CancellationToken.None);
        hub.Sql("UPDATE activities SET visible_at = 1");
        var current = await hub.Service.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal(stale.Id, current.Id);
        Assert.Equal(2, current.DeliveryAttempt);

        await hub.Service.CompleteTaskActivityWorkItemAsync(stale, Result(stale, "stale"));
        Assert.Equal(0L, hub.Sql("SELECT count(*) FROM inbox"));
        await hub.Service.CompleteTaskActivityWorkItemAsync(current, Result(current, "current"));
        Assert.Equal(1L, hub.Sql("SELECT count(*) FROM inbox"));
        Assert.Contains("current", (string)hub.Sql("SELECT message_json FROM inbox")!, StringComparison.Ordinal);
        Assert.Equal(0L, hub.Sql("SELECT count(*) FROM activities"));
    }

    [Fact]
    public async Task AbandonActivity_BacksOffThenDeliversAgainWithTheNextAttempt()
    {
        // A backoff well above the 300 ms look: on a loaded machine the steps between Abandon and that look took over 1 s.
        await using var hub = await TestHub.StartAsync(s => { s.LocalDispatch = false; s.AbandonBackoff = TimeSpan.FromSeconds(5); }, startWorker: false);
        await SeedActivityAsync(hub, "abandon-1");
        var first = await hub.Service.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(5), CancellationToken.None);
        var abandonedAt = DateTime.UtcNow;
        await hub.Service.AbandonTaskActivityWorkItemAsync(first);
        Assert.Null(await hub.Service.LockNextTaskActivityWorkItem(TimeSpan.FromMilliseconds(300), CancellationToken.None));
        var second = await hub.Service.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(15), CancellationToken.None);
        Assert.True(DateTime.UtcNow - abandonedAt >= TimeSpan.FromSeconds(5));
        Assert.Equal(2, second.DeliveryAttempt);
    }

    [Fact]
    public async Task AbandonOrchestration_BacksOffAndCountsTheDelivery()
    {
        // A backoff well above the 300 ms look: on a loaded machine the steps between Abandon and that look took over 1 s.
        await using var hub = await TestHub.StartAsync(s => s.AbandonBackoff = TimeSpan.FromSeconds(5), startWorker: false);
        await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.Hello), "abandon-2", "x");
        await hub.Service.StartAsync();
        var first = await hub.Service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        await hub.Service.AbandonTaskOrchestrationWorkItemAsync(first);
        await hub.Service.ReleaseTaskOrchestrationWorkItemAsync(first);
        Assert.Null(await hub.Service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None));
        var second = await hub.Service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(15), CancellationToken.None);
        Assert.Equal("abandon-2", second.InstanceId);
        Assert.Equal(1L, hub.Sql("SELECT dequeue_count FROM instances WHERE instance_id = 'abandon-2'"));
    }

    /// <summary>Runs the first episode of a Hello instance by hand so that one activity row exists.</summary>
    private static async Task SeedActivityAsync(TestHub hub, string instanceId)
    {
        await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.Hello), instanceId, "x");
        await hub.Service.StartAsync();
        var item = await hub.Service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        var (state, status) = Episode(item);
        await hub.Service.CompleteTaskOrchestrationWorkItemAsync(item, state, [Activity(state)], [], [], null!, status);
        await hub.Service.ReleaseTaskOrchestrationWorkItemAsync(item);
    }

    /// <summary>The first episode as DTFx would build it: the start, one scheduled activity.</summary>
    private static (OrchestrationRuntimeState State, OrchestrationState Status) Episode(TaskOrchestrationWorkItem item)
    {
        var state = item.OrchestrationRuntimeState;
        state.AddEvent(new OrchestratorStartedEvent(-1));
        state.AddEvent(item.NewMessages.Single().Event);
        state.AddEvent(new TaskScheduledEvent(0, typeof(TestActivities.Echo).ToString(), "", "[\"x\"]"));
        var status = new OrchestrationState
        {
            OrchestrationInstance = state.OrchestrationInstance,
            Name = state.Name,
            Version = state.Version,
            OrchestrationStatus = OrchestrationStatus.Running,
            CreatedTime = state.CreatedTime,
            LastUpdatedTime = DateTime.UtcNow,
            Input = state.Input,
        };
        return (state, status);
    }

    private static TaskMessage Activity(OrchestrationRuntimeState state) => new()
    {
        OrchestrationInstance = state.OrchestrationInstance,
        Event = new TaskScheduledEvent(0, typeof(TestActivities.Echo).ToString(), "", "[\"x\"]"),
    };

    private static TaskMessage Result(TaskActivityWorkItem item, string result) => new()
    {
        OrchestrationInstance = item.TaskMessage.OrchestrationInstance,
        Event = new TaskCompletedEvent(-1, 0, "\"" + result + "\""),
    };
}
