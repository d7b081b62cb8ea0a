using DurableTask.Core;
using LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;
using LoopFunctions.DurableTask.Sqlite.Storage;

namespace LoopFunctions.DurableTask.Sqlite.Tests.Storage;

public sealed class SchemaTests
{
    [Fact]
    public async Task CreateIfNotExists_FileWithANewerSchema_IsRefusedClearly()
    {
        string path;
        await using (var hub = await TestHub.StartAsync(startWorker: false))
        {
            hub.Sql("UPDATE schema_version SET version = 99");
            path = hub.DbPath;
            using var newer = new SqliteOrchestrationService(new SqliteOrchestrationServiceSettings { Path = path });
            var ex = await Assert.ThrowsAsync<SqliteStoreUnavailableException>(newer.CreateIfNotExistsAsync);
            Assert.Contains("schema version 99, newer than this build", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CreateIfNotExists_SameFileTwice_KeepsTheRows()
    {
        await using var hub = await TestHub.StartAsync(startWorker: false);
        await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.Hello), "keep", "x");
        using (var again = new SqliteOrchestrationService(hub.Settings))
        {
            await again.CreateIfNotExistsAsync();
        }

        Assert.Equal((long)SqliteStore.SchemaVersion, hub.Sql("SELECT version FROM schema_version"));
        Assert.NotNull(await hub.StateAsync("keep"));
    }

    [Fact]
    public async Task CreateIfNotExists_StoreOfSchemaOne_MovesToCurrentKeepingItsRows()
    {
        // A real schema-1 file: version 2 changes no table (it marks that rows may be compact, so an older build
        // refuses the file), version 3 adds is_entity; the rows of the old file stay readable and runnable.
        var folder = Directory.CreateTempSubdirectory("dtfx-sqlite-").FullName;
        try
        {
            var path = Path.Combine(folder, "old.db");
            OldStores.Write(path, version: 1);
            using (var again = new SqliteOrchestrationService(new SqliteOrchestrationServiceSettings { Path = path, TaskHubName = "test" }))
            {
                await again.CreateIfNotExistsAsync();
                Assert.Equal(OrchestrationStatus.Pending, (await again.GetOrchestrationStateAsync("plain", false))[0].OrchestrationStatus);
                var item = await again.LockNextOrchestrationWorkItemAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
                Assert.Equal("plain", item.InstanceId);
                await again.ReleaseTaskOrchestrationWorkItemAsync(item);
            }

            Assert.Equal((long)SqliteStore.SchemaVersion, OldStores.Scalar(path, "SELECT version FROM schema_version"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task CreateIfNotExists_NotADatabase_IsRefusedClearly()
    {
        var folder = Directory.CreateTempSubdirectory("dtfx-sqlite-").FullName;
        try
        {
            var path = Path.Combine(folder, "text.db");
            await File.WriteAllTextAsync(path, new string('x', 8192));
            using var service = new SqliteOrchestrationService(new SqliteOrchestrationServiceSettings { Path = path });
            var ex = await Assert.ThrowsAsync<SqliteStoreUnavailableException>(service.CreateIfNotExistsAsync);
            Assert.Contains("not a SQLite database", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task CreateIfNotExists_PathIsAFolder_IsRefusedClearly()
    {
        var folder = Directory.CreateTempSubdirectory("dtfx-sqlite-").FullName;
        try
        {
            using var service = new SqliteOrchestrationService(new SqliteOrchestrationServiceSettings { Path = folder });
            var ex = await Assert.ThrowsAsync<SqliteStoreUnavailableException>(service.CreateIfNotExistsAsync);
            Assert.Contains("cannot be opened", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task Write_FileLockedByAnotherProgramBeyondTheBusyTimeout_IsRefusedClearly()
    {
        await using var hub = await TestHub.StartAsync(s => s.BusyTimeout = TimeSpan.FromMilliseconds(200), startWorker: false);
        using var other = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + hub.DbPath + ";Pooling=false");
        other.Open();
        using var transaction = other.BeginTransaction(deferred: false); // holds the write lock, as a long writer would
        var ex = await Assert.ThrowsAsync<SqliteStoreUnavailableException>(() =>
            hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.Hello), "blocked", "x"));
        Assert.Contains("is locked by another process", ex.Message, StringComparison.Ordinal);
        transaction.Rollback();
        await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.Hello), "unblocked", "x");
    }

    [Fact]
    public void Constructor_InvalidSettings_NamesTheSetting()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SqliteOrchestrationService(new SqliteOrchestrationServiceSettings { Path = "x.db", MaxDeliveryCount = 0 }));
        Assert.Contains("MaxDeliveryCount", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_UndefinedSynchronousMode_NamesTheSetting()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SqliteOrchestrationService(new SqliteOrchestrationServiceSettings { Path = "x.db", Synchronous = (SqliteSynchronousMode)7 }));
        Assert.Contains("Synchronous must be Normal or Full", ex.Message, StringComparison.Ordinal);
    }
}
