using DurableTask.Core;
using DurableTask.Core.Common;
using DurableTask.Core.History;
using LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace LoopFunctions.DurableTask.Sqlite.Tests.Sessions;

/// <summary>Activity results folded into the next checkpoint of the session holding their instance.</summary>
public sealed class FoldTests
{
    [Fact]
    public async Task CompleteActivity_InstanceHeldByASession_ResultIsCommittedByTheCheckpointNotTheInbox()
    {
        await using var hub = await TestHub.StartAsync(startWorker: false);
        // Count what goes through the inbox, by event type, from inside the file.
        hub.Sql("CREATE TABLE inbox_log (event_type INTEGER NOT NULL)");
        hub.Sql("CREATE TRIGGER inbox_logged AFTER INSERT ON inbox BEGIN INSERT INTO inbox_log VALUES (new.event_type); END");
        await hub.StartWorkerAsync();

        var state = await hub.RunAsync(typeof(TestOrchestrations.Long), 50, "fold-50", TimeSpan.FromMinutes(2));

        Assert.Equal("50", state.Output);
        var throughInbox = (long)hub.Sql($"SELECT count(*) FROM inbox_log WHERE event_type = {(int)EventType.TaskCompleted}")!;
        Assert.True(throughInbox <= 1, $"{throughInbox} of 50 activity results went through the inbox");
        Assert.Equal(0L, hub.Sql("SELECT count(*) FROM activities"));
        Assert.Equal(50L, hub.Sql($"SELECT count(*) FROM history WHERE instance_id = 'fold-50' AND event_type = {(int)EventType.TaskCompleted}"));
    }

    [Fact]
    public async Task CompleteActivity_SessionsOff_ResultGoesThroughTheInbox()
    {
        await using var hub = await TestHub.StartAsync(s => s.ExtendedSessionsEnabled = false, startWorker: false);
        hub.Sql("CREATE TABLE inbox_log (event_type INTEGER NOT NULL)");
        hub.Sql("CREATE TRIGGER inbox_logged AFTER INSERT ON inbox BEGIN INSERT INTO inbox_log VALUES (new.event_type); END");
        await hub.StartWorkerAsync();

        var state = await hub.RunAsync(typeof(TestOrchestrations.Long), 5, "nofold-5", TimeSpan.FromMinutes(2));

        Assert.Equal("5", state.Output);
        Assert.Equal(5L, hub.Sql($"SELECT count(*) FROM inbox_log WHERE event_type = {(int)EventType.TaskCompleted}"));
    }
    [Fact]
    public async Task FetchNewMessages_ResultFoldedBeforeTheFetch_ReturnsItWithoutAPollWait()
    {
        // A clock that never moves: a poll wait never ends, so a batch comes back only if the session sees the fold
        // itself. An activity can finish before DTFx asks the session for its next batch (they run on different
        // threads); a session that took the arrival pulse after that point waited out its poll, 10 ms per step hit.
        var frozen = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var hub = await TestHub.StartAsync(s => s.TimeProvider = frozen, startWorker: false);
        await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.Long), "fold-first", 3);
        await hub.Service.StartAsync();
        var item = await hub.Service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        item.IsExtendedSession = true; // DTFx's dispatcher sets it when a session slot is free

        // Three steps, DTFx's part played here: the first fetch of a session reads the file, the later ones must not wait.
        for (var step = 0; step < 3; step++)
        {
            var runtime = item.OrchestrationRuntimeState;
            foreach (var message in item.NewMessages)
            {
                runtime.AddEvent(message.Event);
            }

            runtime.AddEvent(new OrchestratorStartedEvent(-1));
            var scheduled = new TaskScheduledEvent(step) { Name = typeof(TestActivities.Add).ToString(), Version = "", Input = "[0,1]" };
            runtime.AddEvent(scheduled);
            runtime.AddEvent(new OrchestratorCompletedEvent(-1));
            var instance = runtime.OrchestrationInstance!;
            await hub.Service.CompleteTaskOrchestrationWorkItemAsync(
                item, runtime, [new TaskMessage { Event = scheduled, OrchestrationInstance = instance }], [], [], null!, Utils.BuildOrchestrationState(runtime));

            var activity = await hub.Service.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(30), CancellationToken.None);
            Assert.NotNull(activity);
            await hub.Service.CompleteTaskActivityWorkItemAsync(activity, new TaskMessage { Event = new TaskCompletedEvent(-1, step, "1"), OrchestrationInstance = instance });

            item.NewMessages = await item.Session.FetchNewOrchestrationMessagesAsync(item).WaitAsync(TimeSpan.FromSeconds(60));
            runtime.NewEvents.Clear();
            Assert.NotNull(item.NewMessages);
            var completed = Assert.IsType<TaskCompletedEvent>(Assert.Single(item.NewMessages).Event);
            Assert.Equal(step, completed.TaskScheduledId);
        }

        // Folded, not stored: the results wait in the session for its next checkpoint.
        Assert.Equal(0L, hub.Sql("SELECT count(*) FROM inbox"));
    }
}
