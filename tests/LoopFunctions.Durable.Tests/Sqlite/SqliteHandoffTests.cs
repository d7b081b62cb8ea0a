using LoopFunctions.Durable.History;
using LoopFunctions.Durable.Sqlite;
using LoopFunctions.Durable.Storage;
using LoopFunctions.Durable.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace LoopFunctions.Durable.Tests.Sqlite;

/// <summary>Work handed over in the writing transaction (<see cref="IWorkHandoff"/>) is locked like polled work: other
/// workers do not see it, and it comes back after its lease when the worker that got it dies.</summary>
public sealed class SqliteHandoffTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("loopfn-handoff-").FullName;
    private readonly ManualTimeProvider _time = new();
    private SqliteDurableStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteDurableStore(new SqliteStoreOptions { Path = Path.Combine(_folder, "store.db") }, _time);
        await _store.CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task CompleteOrchestrationAsync_LockActivities_HandsOverLockedRequestsOthersCannotTake()
    {
        var episode = await StartEpisodeAsync("a");

        var handed = await _store.CompleteOrchestrationAsync(episode, Checkpoint(episode, "One", "Two"), lockActivities: 1, TimeSpan.FromMinutes(1));

        var mine = Assert.Single(handed);
        Assert.Equal("One", mine.Name);
        Assert.Equal(1, mine.DeliveryCount);
        var polled = await _store.LockNextActivitiesAsync(10, TimeSpan.FromMinutes(1));
        Assert.Equal("Two", Assert.Single(polled).Name);
    }

    [Fact]
    public async Task CompleteActivityAsync_LockOrchestration_HandsOverTheWokenInstanceWithItsResult()
    {
        var episode = await StartEpisodeAsync("b");
        var activity = Assert.Single(await _store.CompleteOrchestrationAsync(episode, Checkpoint(episode, "One"), 1, TimeSpan.FromMinutes(1)));

        var handoff = await _store.CompleteActivityAsync(activity, Result(activity), lockOrchestration: true, TimeSpan.FromMinutes(1));

        Assert.True(handoff.Completed);
        var next = Assert.IsType<OrchestrationWorkItem>(handoff.Next);
        Assert.Equal("b", next.InstanceId);
        Assert.IsType<TaskCompletedEvent>(Assert.Single(next.Messages).Event);
        Assert.Null(await _store.LockNextOrchestrationAsync(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task CompleteActivityAsync_InstanceLockedElsewhere_CompletesWithoutHandingOver()
    {
        var episode = await StartEpisodeAsync("c");
        var activity = Assert.Single(await _store.CompleteOrchestrationAsync(episode, Checkpoint(episode, "One"), 1, TimeSpan.FromMinutes(1)));
        await _store.SendMessageAsync(new TaskMessage("c", null, new EventRaisedEvent(DateTime.UtcNow, "go", null)));
        var other = await _store.LockNextOrchestrationAsync(TimeSpan.FromMinutes(1));
        Assert.NotNull(other);

        var handoff = await _store.CompleteActivityAsync(activity, Result(activity), lockOrchestration: true, TimeSpan.FromMinutes(1));

        Assert.True(handoff.Completed);
        Assert.Null(handoff.Next);
    }

    [Fact]
    public async Task HandedOverActivity_WorkerDies_IsDeliveredAgainAfterItsLease()
    {
        var episode = await StartEpisodeAsync("d");
        var lost = Assert.Single(await _store.CompleteOrchestrationAsync(episode, Checkpoint(episode, "One"), 1, TimeSpan.FromSeconds(30)));
        Assert.Empty(await _store.LockNextActivitiesAsync(10, TimeSpan.FromSeconds(30)));

        _time.Advance(TimeSpan.FromSeconds(31));
        var again = Assert.Single(await _store.LockNextActivitiesAsync(10, TimeSpan.FromSeconds(30)));

        Assert.Equal(lost.ActivityExecutionId, again.ActivityExecutionId);
        Assert.Equal(2, again.DeliveryCount);
        Assert.False((await _store.CompleteActivityAsync(lost, Result(lost), lockOrchestration: true, TimeSpan.FromMinutes(1))).Completed);
    }

    private async Task<OrchestrationWorkItem> StartEpisodeAsync(string instanceId)
    {
        await _store.CreateInstanceAsync(new TaskMessage(instanceId, null, new ExecutionStartedEvent(_time.GetUtcNow().UtcDateTime, "Test", null)), OrchestrationRuntimeStatusExtensions.LiveStatuses);
        return (await _store.LockNextOrchestrationAsync(TimeSpan.FromMinutes(1)))!;
    }

    private OrchestrationCheckpoint Checkpoint(OrchestrationWorkItem episode, params string[] activities)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var scheduled = activities.Select((name, i) => new TaskScheduledEvent(i, now, name, null)).ToList();
        return new OrchestrationCheckpoint
        {
            ExecutionId = episode.ExecutionId,
            NewEvents = [new OrchestratorStartedEvent(now), .. episode.Messages.Select(m => m.Event), .. scheduled, new OrchestratorCompletedEvent(now)],
            State = new OrchestrationState(OrchestrationRuntimeStatus.Running, null, null, null, now) { Name = "Test" },
            ActivityRequests = scheduled.Select(e => new TaskMessage(episode.InstanceId, episode.ExecutionId, e)).ToList(),
        };
    }

    private TaskMessage Result(ActivityWorkItem activity) =>
        new(activity.InstanceId, activity.ExecutionId, new TaskCompletedEvent(_time.GetUtcNow().UtcDateTime, activity.TaskScheduledId, "1"));
}
