using LoopFunctions.Durable.History;
using LoopFunctions.Durable.Sqlite;
using LoopFunctions.Durable.Storage;
using LoopFunctions.Durable.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace LoopFunctions.Durable.Tests.Sqlite;

/// <summary>What only the SQLite provider can get wrong: its file, its schema, and rows that went bad.</summary>
public sealed class SqliteStoreTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("loopfn-sqlite-store-").FullName;
    private readonly List<SqliteDurableStore> _stores = [];

    private string DbPath => Path.Combine(_folder, "store.db");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Run("chattr", "-i", DbPath);
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task CreateIfNotExistsAsync_NewFile_CreatesSchemaAndReopens()
    {
        await Open().CreateIfNotExistsAsync();
        await Open().CreateIfNotExistsAsync();

        using var connection = Connect();
        Assert.Equal(SqliteDurableStore.SchemaVersion, Convert.ToInt32(Scalar(connection, "SELECT version FROM schema_version"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task CreateIfNotExistsAsync_NewerSchema_RefusedWithUpgradeAdvice()
    {
        await Open().CreateIfNotExistsAsync();
        using (var connection = Connect())
        {
            Scalar(connection, "UPDATE schema_version SET version = 99");
        }

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => Open().CreateIfNotExistsAsync());

        Assert.Contains("schema version 99, newer than this build understands", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateIfNotExistsAsync_FileIsNotADatabase_ClearError()
    {
        await File.WriteAllTextAsync(DbPath, "this is a text file, not a database, and it is long enough to have a header");

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => Open().CreateIfNotExistsAsync());

        Assert.Contains("is not a SQLite database", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateIfNotExistsAsync_ImmutableFile_ReportsReadOnly()
    {
        await Open().CreateIfNotExistsAsync();
        SqliteConnection.ClearAllPools();
        await DisposeStoresAsync();
        File.Delete(DbPath + "-wal");
        File.Delete(DbPath + "-shm");
        Assert.Equal(0, Run("chattr", "+i", DbPath)); // root ignores file modes; the immutable attribute it cannot

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => Open().ScheduleAsync("ro-1"));

        Assert.Matches("read-only|cannot be opened", ex.Message);
    }

    [Fact]
    public async Task CreateInstanceAsync_DatabaseLockedByAnotherWriter_ClearErrorAfterBusyTimeout()
    {
        var store = Open(o => o.BusyTimeout = TimeSpan.FromMilliseconds(300));
        await store.CreateIfNotExistsAsync();
        using var other = Connect();
        using var transaction = other.BeginTransaction(); // BEGIN IMMEDIATE: holds the write lock
        Scalar(other, "INSERT INTO schema_version (version) VALUES (1)", transaction);

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ScheduleAsync("locked-1"));

        Assert.Contains("locked by another process", ex.Message, StringComparison.Ordinal);
        transaction.Rollback();
        await store.ScheduleAsync("locked-1");
        Assert.NotNull(await store.GetInstanceAsync("locked-1", false));
    }

    [Fact]
    public async Task GetHistoryAsync_CorruptHistoryRow_PayloadFormatExceptionNamingTheRow()
    {
        var store = Open();
        await store.ScheduleAsync("corrupt-1");
        using (var connection = Connect())
        {
            Scalar(connection, "INSERT INTO history (hub, instance_id, seq, event) VALUES ('LoopFunctions', 'corrupt-1', 0, '{\"type\":\"NoSuchEvent\"}')");
        }

        var ex = await Assert.ThrowsAsync<PayloadFormatException>(() => store.GetHistoryAsync("corrupt-1"));

        Assert.Contains("History event 0 of instance 'corrupt-1' is corrupt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worker_CorruptInboxMessage_InstanceFailsWithTheErrorInsteadOfHanging()
    {
        var store = Open();
        await using var host = await TestHost.StartAsync(store, r => r.AddOrchestratorFunc<string>("Waits", ctx => ctx.WaitForExternalEvent<string>("go")), startWorker: false);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waits");
        using (var connection = Connect())
        {
            Scalar(connection, $"UPDATE inbox SET event = '{{not json' WHERE instance_id = '{id}'");
        }

        await host.Worker.StartAsync(CancellationToken.None);
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("could not be read", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteOrchestrationAsync_LockTakenOverAfterExpiry_ThrowsLockLostAndWritesNothing()
    {
        var clock = new ManualTimeProvider();
        var first = Open(clock: clock);
        var second = Open(clock: clock);
        await first.ScheduleAsync("lease-1");
        var stale = (await first.LockNextOrchestrationAsync(TimeSpan.FromSeconds(5)))!;
        clock.Advance(TimeSpan.FromSeconds(6));
        var current = (await second.LockNextOrchestrationAsync(TimeSpan.FromSeconds(5)))!;

        await Assert.ThrowsAsync<WorkItemLockLostException>(() => first.CompleteOrchestrationAsync(stale, Checkpoint(stale)));

        Assert.Empty(await second.GetHistoryAsync("lease-1"));
        await second.CompleteOrchestrationAsync(current, Checkpoint(current));
        Assert.Equal(2, (await second.GetHistoryAsync("lease-1")).Count);
    }

    [Fact]
    public async Task CompleteOrchestrationAsync_TenThousandActivityRequests_CommitsOneTransaction()
    {
        var store = Open();
        await store.ScheduleAsync("fan-1");
        var item = (await store.LockNextOrchestrationAsync(TimeSpan.FromMinutes(1)))!;
        var now = DateTime.UtcNow;
        var requests = Enumerable.Range(0, 10_000).Select(i => new TaskMessage("fan-1", item.ExecutionId, new TaskScheduledEvent(i, now, "Noop", null))).ToList();

        await store.CompleteOrchestrationAsync(item, Checkpoint(item, requests));
        var locked = await store.LockNextActivitiesAsync(20_000, TimeSpan.FromMinutes(1));

        Assert.Equal(10_000, locked.Count);
    }

    [Fact]
    public async Task CompleteActivityAsync_ManyAtOnceSomeWithLostLeases_EachAnsweredAloneAndOnlyValidOnesStored()
    {
        var store = Open();
        await store.ScheduleAsync("group-1");
        var item = (await store.LockNextOrchestrationAsync(TimeSpan.FromMinutes(1)))!;
        var now = DateTime.UtcNow;
        var requests = Enumerable.Range(0, 200).Select(i => new TaskMessage("group-1", item.ExecutionId, new TaskScheduledEvent(i, now, "Noop", null))).ToList();
        await store.CompleteOrchestrationAsync(item, Checkpoint(item, requests));
        var locked = await store.LockNextActivitiesAsync(200, TimeSpan.FromMinutes(1));

        // Odd requests present a forged lease: their completion must fail without undoing their neighbours in the group.
        var results = await Task.WhenAll(locked.Select((a, i) => store.CompleteActivityAsync(
            i % 2 == 0 ? a : new ActivityWorkItem { SequenceNumber = a.SequenceNumber, InstanceId = a.InstanceId, ExecutionId = a.ExecutionId, TaskScheduledId = a.TaskScheduledId, Name = a.Name, Input = a.Input, DeliveryCount = a.DeliveryCount, LockToken = "forged", LockedUntil = a.LockedUntil },
            new TaskMessage("group-1", item.ExecutionId, new TaskCompletedEvent(now, a.TaskScheduledId, null)))));
        var next = (await store.LockNextOrchestrationAsync(TimeSpan.FromMinutes(1)))!;

        Assert.Equal(100, results.Count(r => r));
        Assert.Equal(locked.Where((_, i) => i % 2 == 0).Select(a => a.TaskScheduledId).Order(), next.Messages.Select(m => ((TaskCompletedEvent)m.Event).TaskScheduledId).Order());
    }

    private static OrchestrationCheckpoint Checkpoint(OrchestrationWorkItem item, IReadOnlyList<TaskMessage>? activities = null) => new()
    {
        ExecutionId = item.ExecutionId,
        ActivityRequests = activities ?? [],
        NewEvents = [new OrchestratorStartedEvent(DateTime.UtcNow), new OrchestratorCompletedEvent(DateTime.UtcNow)],
        State = new OrchestrationState(OrchestrationRuntimeStatus.Running, null, null, null, DateTime.UtcNow),
    };

    private SqliteDurableStore Open(Action<SqliteStoreOptions>? configure = null, TimeProvider? clock = null)
    {
        var options = new SqliteStoreOptions { Path = DbPath };
        configure?.Invoke(options);
        var store = new SqliteDurableStore(options, clock);
        _stores.Add(store);
        return store;
    }

    private async Task DisposeStoresAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        _stores.Clear();
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection($"Data Source={DbPath};Pooling=false");
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static int Run(string program, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
