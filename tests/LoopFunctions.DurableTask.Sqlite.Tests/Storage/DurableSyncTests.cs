using DurableTask.Core;
using LoopFunctions.DurableTask.Sqlite.Storage;
using LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

namespace LoopFunctions.DurableTask.Sqlite.Tests.Storage;

/// <summary><see cref="SqliteSynchronousMode.Durable"/>: commits do not wait for the disk, but nothing leaves the process
/// (a client's acknowledgement, a client's read, an activity's start) before a WAL sync that covers it. The sync thread
/// is held in these tests to show what waits for it.</summary>
public sealed class DurableSyncTests
{
    /// <summary>How long a step that must wait for a held sync is given to (wrongly) finish anyway.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task FlushAsync_SyncHeld_CompletesOnlyAfterASyncThatStartedAfterTheCommit()
    {
        var folder = Directory.CreateTempSubdirectory("dtfx-sqlite-").FullName;
        try
        {
            using var store = new SqliteStore(Path.Combine(folder, "durable.db"), SqliteSynchronousMode.Durable, TimeSpan.FromSeconds(10));
            await store.EnsureInitializedAsync();
            using var hold = new ManualResetEventSlim(false);
            store.HoldSyncsForTests = hold;

            await store.WriteAsync(db => db.Exec("CREATE TABLE t (x INTEGER)"));
            var first = store.FlushAsync();
            Assert.True(await Poll.UntilAsync(() => store.SyncTicket == 1), "the sync thread never started the first sync");
            await store.WriteAsync(db => db.Exec("INSERT INTO t VALUES (1)"));
            var second = store.FlushAsync(); // the first sync started (and is held) before this commit: it needs the next

            Assert.NotSame(first, await Task.WhenAny(first, Task.Delay(Grace)));
            Assert.Equal(0, store.SyncsDone);

            hold.Set();
            await first.WaitAsync(TimeSpan.FromSeconds(30));
            await second.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(store.SyncsDone >= 2, $"one sync began before the second commit, so two are needed; {store.SyncsDone} ran");
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task WhenDurableAsync_NormalAndFullModes_CompleteAtOnce()
    {
        var folder = Directory.CreateTempSubdirectory("dtfx-sqlite-").FullName;
        try
        {
            foreach (var mode in new[] { SqliteSynchronousMode.Normal, SqliteSynchronousMode.Full })
            {
                using var store = new SqliteStore(Path.Combine(folder, $"{mode}.db"), mode, TimeSpan.FromSeconds(10));
                await store.EnsureInitializedAsync();
                Assert.True(store.FlushAsync().IsCompletedSuccessfully);
                Assert.Equal(0, store.SyncsDone);
            }
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task CreateOrchestration_DurableSyncHeld_IsAcknowledgedOnlyAfterTheSync()
    {
        await using var hub = await TestHub.StartAsync(s => s.Synchronous = SqliteSynchronousMode.Durable, startWorker: false);
        using var hold = new ManualResetEventSlim(false);
        hub.Service.Store.HoldSyncsForTests = hold;

        var start = hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.Hello), "held", "world");

        Assert.NotSame(start, await Task.WhenAny(start, Task.Delay(Grace)));
        Assert.Equal(1L, hub.Sql("SELECT count(*) FROM instances WHERE instance_id = 'held'")); // committed, not yet acknowledged
        hold.Set();
        await start.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Activity_DurableSyncHeld_DoesNotStartBeforeTheEpisodeThatScheduledItIsSynced()
    {
        var started = 0;
        await using var hub = await TestHub.StartAsync(s => s.Synchronous = SqliteSynchronousMode.Durable, startWorker: false);
        await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.Hello), "act", "world");
        using var hold = new ManualResetEventSlim(false);
        hub.Service.Store.HoldSyncsForTests = hold;
        await hub.StartWorkerAsync(worker => worker.AddActivityDispatcherMiddleware((context, next) =>
        {
            Interlocked.Increment(ref started);
            return next();
        }));

        // The episode commits its schedule without waiting for the disk...
        Assert.True(await Poll.UntilAsync(() => hub.Sql("SELECT count(*) FROM activities WHERE instance_id = 'act'") is 1L, TimeSpan.FromSeconds(60)));
        // ...but the activity, which acts on the world, waits for the sync.
        await Task.Delay(Grace);
        Assert.Equal(0, Volatile.Read(ref started));

        hold.Set();
        var state = await hub.WaitAsync("act");
        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal(1, Volatile.Read(ref started));
    }
}
