using DurableTask.Core.History;
using LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

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
}
