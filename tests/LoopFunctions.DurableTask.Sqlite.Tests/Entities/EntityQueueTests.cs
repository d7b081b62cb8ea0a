using DurableTask.Core;
using DurableTask.Core.Entities;
using DurableTask.Core.History;
using LoopFunctions.DurableTask.Sqlite.Storage;
using LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace LoopFunctions.DurableTask.Sqlite.Tests.Entities;

/// <summary>The entity queue without a worker: the schema step, the split between the two fetches, delayed messages.</summary>
public sealed class EntityQueueTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task CreateIfNotExists_StoreOfSchemaTwo_AddsIsEntityAndBackfillsIt()
    {
        var folder = Directory.CreateTempSubdirectory("dtfx-sqlite-ent-").FullName;
        try
        {
            var path = Path.Combine(folder, "old.db");
            OldStores.Write(path, version: 2);
            using (var service = new SqliteOrchestrationService(new SqliteOrchestrationServiceSettings { Path = path, TaskHubName = "test" }))
            {
                await service.CreateIfNotExistsAsync();
                var entity = await service.LockNextEntityWorkItemAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
                Assert.Equal("@counter@old", entity.InstanceId);
                Assert.IsType<ExecutionStartedEvent>(entity.NewMessages[0].Event); // a row without history is auto-started
                var orchestration = await service.LockNextOrchestrationWorkItemAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
                Assert.Equal("plain", orchestration.InstanceId);
                await service.ReleaseTaskOrchestrationWorkItemAsync(entity);
                await service.ReleaseTaskOrchestrationWorkItemAsync(orchestration);
            }

            Assert.Equal(3L, OldStores.Scalar(path, "SELECT version FROM schema_version"));
            Assert.Equal(3L, (long)SqliteStore.SchemaVersion);
            Assert.Equal(1L, OldStores.Scalar(path, "SELECT is_entity FROM instances WHERE instance_id = '@counter@old'"));
            Assert.Equal(0L, OldStores.Scalar(path, "SELECT is_entity FROM instances WHERE instance_id = 'plain'"));
            Assert.Contains("is_entity", (string)OldStores.Scalar(path, "SELECT sql FROM sqlite_master WHERE name = 'ix_instances_ready'")!, StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task LockNext_OrchestrationsAndEntities_EachFetchTakesOnlyItsOwnKind()
    {
        await using var hub = await EntityHub.StartAsync(startWorker: false);
        await hub.Client.CreateOrchestrationInstanceAsync(nameof(EntityCaller), "", "orch-1", new[] { "@counter@x", "0", "get" });
        await hub.SignalAsync("@counter@split", "add", "1");

        var orchestration = await hub.Service.LockNextOrchestrationWorkItemAsync(Short, CancellationToken.None);
        Assert.Equal("orch-1", orchestration.InstanceId);
        Assert.Null(await hub.Service.LockNextOrchestrationWorkItemAsync(Short, CancellationToken.None)); // never the entity

        var entity = await hub.Service.LockNextEntityWorkItemAsync(Short, CancellationToken.None);
        Assert.Equal("@counter@split", entity.InstanceId);
        Assert.Equal([EventType.ExecutionStarted, EventType.EventRaised], entity.NewMessages.Select(m => m.Event.EventType));
        Assert.Null(await hub.Service.LockNextEntityWorkItemAsync(Short, CancellationToken.None)); // never the orchestration

        await hub.Service.ReleaseTaskOrchestrationWorkItemAsync(orchestration);
        await hub.Service.ReleaseTaskOrchestrationWorkItemAsync(entity);
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var any = await hub.Service.LockNextTaskOrchestrationWorkItemAsync(Short, CancellationToken.None);
            ids.Add(any.InstanceId); // the legacy fetch takes both kinds
        }

        Assert.Equal(["@counter@split", "orch-1"], ids.Order(StringComparer.Ordinal));
        Assert.Equal(1L, hub.Sql("SELECT is_entity FROM instances WHERE instance_id = '@counter@split'"));
        Assert.Equal(0L, hub.Sql("SELECT status FROM instances WHERE instance_id = '@counter@split'")); // Running, not Pending
    }

    [Fact]
    public async Task LockNextEntity_DelayedSignal_HiddenUntilDue()
    {
        await using var hub = await EntityHub.StartAsync(startWorker: false);
        var due = DateTime.UtcNow.AddSeconds(2);
        await hub.SignalAsync("@counter@later", "add", "1", due);
        Assert.Null(await hub.Service.LockNextEntityWorkItemAsync(Short, CancellationToken.None));

        var item = await hub.Service.LockNextEntityWorkItemAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.NotNull(item);
        Assert.True(DateTime.UtcNow >= due.AddMilliseconds(-20), $"delivered at {DateTime.UtcNow:o}, due {due:o}");
        Assert.StartsWith("op@", ((EventRaisedEvent)item.NewMessages[^1].Event).Name, StringComparison.Ordinal);
        await hub.Service.ReleaseTaskOrchestrationWorkItemAsync(item);
    }

    [Fact]
    public async Task Enqueue_NonEntityEventsAndBadIds_AreDroppedAndTerminateIsIgnored()
    {
        await using var hub = await EntityHub.StartAsync(startWorker: false);
        await hub.SignalAsync("@counter@t", "add", "1");
        await hub.Service.ForceTerminateTaskOrchestrationAsync("@counter@t", "no");
        await hub.Service.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = "@counter@t" },
            Event = new ExecutionTerminatedEvent(-1, "no"),
        });
        await hub.SignalAsync("@nokey", "add", "1");

        Assert.Equal(1L, hub.Sql("SELECT count(*) FROM inbox WHERE instance_id = '@counter@t'"));
        Assert.Equal(0L, hub.Sql("SELECT count(*) FROM instances WHERE instance_id = '@nokey'"));
        Assert.Equal(OrchestrationStatus.Running, (await hub.Service.GetOrchestrationStateAsync("@counter@t", false))[0].OrchestrationStatus);
    }

    [Fact]
    public void EntityBackendProperties_FromSettings_OrderedExactlyOnceWithSeparateQueue()
    {
        using var service = new SqliteOrchestrationService(new SqliteOrchestrationServiceSettings
        {
            Path = Path.Combine(Path.GetTempPath(), "never-opened.db"),
            MaxConcurrentTaskEntityWorkItems = 7,
            MaxEntityOperationBatchSize = 3,
        });
        var properties = ((IEntityOrchestrationService)service).EntityBackendProperties!;
        Assert.Equal(TimeSpan.Zero, properties.EntityMessageReorderWindow);
        Assert.True(properties.UseSeparateQueueForEntityWorkItems);
        Assert.False(properties.SupportsImplicitEntityDeletion);
        Assert.Equal(7, properties.MaxConcurrentTaskEntityWorkItems);
        Assert.Equal(3, properties.MaxEntityOperationBatchSize);
        var far = DateTime.UtcNow.AddDays(400);
        Assert.Equal(far, properties.GetCappedScheduledTime(DateTime.UtcNow, far));
    }

    [Theory]
    [InlineData(0, null, "MaxConcurrentTaskEntityWorkItems")]
    [InlineData(1, 0, "MaxEntityOperationBatchSize")]
    public void Constructor_InvalidEntitySetting_NamesIt(int concurrent, int? batch, string setting)
    {
        var ex = Assert.Throws<ArgumentException>(() => new SqliteOrchestrationService(new SqliteOrchestrationServiceSettings
        {
            Path = "x.db",
            MaxConcurrentTaskEntityWorkItems = concurrent,
            MaxEntityOperationBatchSize = batch,
        }));
        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
    }
}
