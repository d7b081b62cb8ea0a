using DurableTask.AzureStorage;
using DurableTask.Core;
using LoopFunctions.DurableTask.Configuration;
using LoopFunctions.DurableTask.Hosting;
using LoopFunctions.DurableTask.Sqlite;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using LoopFunctions.DurableTask.AzureStorage;

namespace LoopFunctions.DurableTask.Tests.Hosting;

public sealed class AddDurableTaskEngineTests
{
    [Fact]
    public void AddDurableTaskEngine_NoBackendChosen_ResolvingTheClientSaysWhatToCall()
    {
        using var provider = new ServiceCollection().AddDurableTaskEngine().Services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<DurableTaskClient>());

        Assert.Contains("UseSqlite, UseAzureStorage or UseHostJson", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseSqlite_InvalidSettings_ValidationNamesEachSettingAndItsHostJsonKey()
    {
        using var provider = new ServiceCollection().AddDurableTaskEngine()
            .UseSqlite(s =>
            {
                s.Path = "";
                s.MaxConcurrentTaskActivityWorkItems = 0;
            })
            .Services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOrchestrationService>());

        Assert.Contains(ex.Failures, f => f.Contains("Path (host.json storageProvider.path): required", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("(host.json maxConcurrentActivityFunctions): must be at least 1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void UseSqlite_FetchLoopsOutOfRange_ValidationNamesTheLimits(int loops)
    {
        using var provider = new ServiceCollection().AddDurableTaskEngine()
            .UseSqlite(s =>
            {
                s.Path = "unused.db";
                s.OrchestrationFetchLoops = loops;
            })
            .Services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOrchestrationService>());

        Assert.Contains(ex.Failures, f => f.Contains("OrchestrationFetchLoops: must be between 1 and 64", StringComparison.Ordinal));
    }

    [Fact]
    public void UseAzureStorage_NoConnectionStringConfigured_ValidationNamesTheSetting()
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        using var provider = services.AddDurableTaskEngine().UseAzureStorage(_ => { }).Services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOrchestrationService>());

        Assert.Contains(ex.Failures, f => f.Contains("'AzureWebJobsStorage'", StringComparison.Ordinal));
    }

    [Fact]
    public void UseAzureStorage_NothingConfigured_ScaleOutSettingsAndDurableFunctionsLeases()
    {
        using var provider = new ServiceCollection().AddDurableTaskEngine().UseAzureStorage("UseDevelopmentStorage=true").Services.BuildServiceProvider();

        var s = provider.GetRequiredService<IOptions<AzureStorageOrchestrationServiceSettings>>().Value;

        Assert.Equal((TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1), 64), (s.ControlQueueVisibilityTimeout, s.WorkItemQueueVisibilityTimeout, s.ControlQueueBufferThreshold));
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)), (s.LeaseInterval, s.LeaseRenewInterval, s.LeaseAcquireInterval));
        Assert.False(s.UseTablePartitionManagement);
        Assert.True(s.UseSeparateQueueForEntityWorkItems);
        Assert.Equal((null, 30), (s.MaxEntityOperationBatchSize, s.EntityMessageReorderWindowInMinutes));
    }

    [Fact]
    public void UseAzureStorage_CallerTurnsSeparateEntityQueueOff_StillOn()
    {
        using var provider = new ServiceCollection().AddDurableTaskEngine()
            .UseAzureStorage("UseDevelopmentStorage=true", s => s.UseSeparateQueueForEntityWorkItems = false)
            .Services.BuildServiceProvider();

        var s = provider.GetRequiredService<IOptions<AzureStorageOrchestrationServiceSettings>>().Value;

        Assert.True(s.UseSeparateQueueForEntityWorkItems);
    }

    [Fact]
    public void UseAzureStorage_BadEntitySettings_ValidationNamesThem()
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        using var provider = services.AddDurableTaskEngine()
            .UseAzureStorage("UseDevelopmentStorage=true", s => (s.MaxEntityOperationBatchSize, s.EntityMessageReorderWindowInMinutes) = (0, -1))
            .Services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOrchestrationService>());

        Assert.Contains(ex.Failures, f => f.Contains("MaxEntityOperationBatchSize (host.json maxEntityOperationBatchSize): must be at least 1 when set", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("EntityMessageReorderWindowInMinutes (host.json entityMessageReorderWindowInMinutes): must be 0 or more", StringComparison.Ordinal));
    }

    [Fact]
    public void UseAzureStorage_BlobLeaseShorterThanAzureAllows_ValidationNamesTheLimit()
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        using var provider = services.AddDurableTaskEngine()
            .UseAzureStorage("UseDevelopmentStorage=true", s => (s.LeaseInterval, s.LeaseRenewInterval) = (TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2)))
            .Services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOrchestrationService>());

        Assert.Contains(ex.Failures, f => f.Contains("LeaseInterval (host.json storageProvider.partitionLeaseDuration): must be between 00:00:15 and 00:01:00 with blob leases", StringComparison.Ordinal));
    }

    [Fact]
    public void AddDurableTaskEngine_InvalidOptions_ValidationNamesSettings()
    {
        using var provider = new ServiceCollection().AddDurableTaskEngine(o => o.MaxPayloadBytes = 10).UseSqlite(s => s.Path = "x.db").Services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<DurableTaskClient>());

        Assert.Contains(ex.Failures, f => f.StartsWith("DurableEngineOptions.MaxPayloadBytes: must be at least 1024", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddWorker_InvalidBackendSettings_HostStartFailsBeforeRunning()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddDurableTaskEngine().UseSqlite(s => s.Path = " ").AddWorker();
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(ex.Failures, f => f.Contains("storageProvider.path", StringComparison.Ordinal));
    }

    [Fact]
    public void AddDurableTaskEngine_NoHost_ApplicationStoppingIsTheWorkersStoppingSignal()
    {
        using var provider = new ServiceCollection().AddDurableTaskEngine().Services.BuildServiceProvider();
        var lifetime = provider.GetRequiredService<IHostApplicationLifetime>();
        var worker = provider.GetRequiredService<LoopFunctions.DurableTask.Worker.DurableWorkerLifetime>();

        lifetime.StopApplication();

        Assert.True(lifetime.ApplicationStopping.IsCancellationRequested);
        Assert.True(worker.StoppingToken.IsCancellationRequested);
        Assert.True(worker.IsStopping);
    }

    [Fact]
    public async Task AddDurableTaskEngine_InAGenericHost_KeepsTheHostsLifetimeAndFollowsIt()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddDurableTaskEngine();
        using var host = builder.Build();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var worker = host.Services.GetRequiredService<LoopFunctions.DurableTask.Worker.DurableWorkerLifetime>();
        await host.StartAsync();

        var before = worker.IsStopping;
        lifetime.StopApplication();

        Assert.IsNotType<LoopFunctions.DurableTask.Worker.WorkerApplicationLifetime>(lifetime);
        Assert.False(before);
        Assert.True(worker.IsStopping);
        Assert.True(worker.StoppingToken.IsCancellationRequested);
        await host.StopAsync();
    }

    [Fact]
    public void UseHostJson_Sqlite_MapsEverySetting()
    {
        var folder = Path.GetTempPath();
        var hostJson = HostJson.Parse(
            """
            { "extensions": { "durableTask": { "hubName": "Mapped1", "maxConcurrentActivityFunctions": 3, "maxConcurrentOrchestratorFunctions": 4,
              "extendedSessionIdleTimeoutInSeconds": 12,
              "storageProvider": { "path": "m/store.db", "maxQueuePollingInterval": "00:00:02", "orchestrationLockTimeout": "00:01:01",
                "activityLockTimeout": "00:01:02", "maxDeliveryCount": 7, "maxPayloadBytes": 4096, "synchronous": "Full" } } } }
            """,
            "host.json",
            folder);
        using var provider = new ServiceCollection().AddDurableTaskEngine().UseHostJson(hostJson, new ConfigurationBuilder().Build()).Services.BuildServiceProvider();

        var s = provider.GetRequiredService<IOptions<SqliteOrchestrationServiceSettings>>().Value;
        var backend = provider.GetRequiredService<DurableBackendInfo>();

        Assert.Equal(Path.GetFullPath(Path.Combine(folder, "m", "store.db")), s.Path);
        Assert.Equal(("Mapped1", 3, 4), (s.TaskHubName, s.MaxConcurrentTaskActivityWorkItems, s.MaxConcurrentTaskOrchestrationWorkItems));
        Assert.True(s.ExtendedSessionsEnabled);
        Assert.Equal(TimeSpan.FromSeconds(12), s.ExtendedSessionIdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), s.MaxQueuePollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(61), s.OrchestrationLockTimeout);
        Assert.Equal(TimeSpan.FromSeconds(62), s.ActivityLockTimeout);
        Assert.Equal((7, 4096, SqliteSynchronousMode.Full), (s.MaxDeliveryCount, s.MaxPayloadBytes, s.Synchronous));
        Assert.IsType<SqliteOrchestrationService>(provider.GetRequiredService<IOrchestrationService>());
        Assert.Equal(new DurableBackendInfo(StorageBackend.Sqlite, "Mapped1", $"sqlite {s.Path} (hub Mapped1)"), backend);
    }

    [Fact]
    public void UseAzureStorage_HostJson_MapsEverySettingAndReadsTheNamedConnectionString()
    {
        var hostJson = HostJson.Parse(
            """
            { "extensions": { "durableTask": { "hubName": "Mapped2", "maxConcurrentActivityFunctions": 5, "maxConcurrentOrchestratorFunctions": 6,
              "extendedSessionsEnabled": true, "extendedSessionIdleTimeoutInSeconds": 9, "useAppLease": false,
              "maxEntityOperationBatchSize": 7, "entityMessageReorderWindowInMinutes": 12,
              "storageProvider": { "type": "AzureStorage", "connectionStringName": "MyStorage", "partitionCount": 3, "controlQueueBatchSize": 8,
                "controlQueueBufferThreshold": 99, "controlQueueVisibilityTimeout": "00:00:40", "workItemQueueVisibilityTimeout": "00:00:50",
                "maxQueuePollingInterval": "00:00:03", "partitionLeaseDuration": "00:00:20", "partitionLeaseRenewInterval": "00:00:04",
                "partitionLeaseAcquireInterval": "00:00:06", "fetchLargeMessagesAutomatically": false, "useTablePartitionManagement": true } } } }
            """,
            "host.json",
            Path.GetTempPath());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:MyStorage"] = "UseDevelopmentStorage=true" }).Build();
        using var provider = new ServiceCollection().AddDurableTaskEngine().UseAzureStorage(hostJson, configuration).Services.BuildServiceProvider();

        var s = provider.GetRequiredService<IOptions<AzureStorageOrchestrationServiceSettings>>().Value;
        var backend = provider.GetRequiredService<DurableBackendInfo>();

        Assert.NotNull(s.StorageAccountClientProvider);
        Assert.True(s.ThrowExceptionOnInvalidDedupeStatus);
        Assert.Equal(("Mapped2", 5, 6), (s.TaskHubName, s.MaxConcurrentTaskActivityWorkItems, s.MaxConcurrentTaskOrchestrationWorkItems));
        Assert.Equal((true, TimeSpan.FromSeconds(9), false), (s.ExtendedSessionsEnabled, s.ExtendedSessionIdleTimeout, s.UseAppLease));
        Assert.Equal((3, 8, 99), (s.PartitionCount, s.ControlQueueBatchSize, s.ControlQueueBufferThreshold));
        Assert.Equal((TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(3)), (s.ControlQueueVisibilityTimeout, s.WorkItemQueueVisibilityTimeout, s.MaxQueuePollingInterval));
        Assert.Equal((TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6)), (s.LeaseInterval, s.LeaseRenewInterval, s.LeaseAcquireInterval));
        Assert.Equal((true, false, false), (s.UseTablePartitionManagement, s.UseLegacyPartitionManagement, s.FetchLargeMessageDataEnabled));
        Assert.Equal((7, 12, true), (s.MaxEntityOperationBatchSize, s.EntityMessageReorderWindowInMinutes, s.UseSeparateQueueForEntityWorkItems));
        Assert.IsType<AzureStorageOrchestrationService>(provider.GetRequiredService<IOrchestrationService>());
        Assert.Equal(StorageBackend.AzureStorage, backend.Backend);
        Assert.DoesNotContain("UseDevelopmentStorage", backend.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void UseHostJson_AzureStorage_SaysWhichAssemblyServesIt()
    {
        var hostJson = HostJson.Parse("""{ "extensions": { "durableTask": { "storageProvider": { "type": "AzureStorage" } } } }""", "host.json", Path.GetTempPath());

        var ex = Assert.Throws<NotSupportedException>(() => new ServiceCollection().AddDurableTaskEngine().UseHostJson(hostJson, new ConfigurationBuilder().Build()));

        Assert.Contains("LoopFunctions.DurableTask.AzureStorage", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UseAzureStorage(hostJson, configuration)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddTasks_SameNameInAnotherCase_RefusedWhenTheCatalogIsBuilt()
    {
        using var provider = Provider(r => r.AddActivityFunc<int, int>("Step", (_, x) => x), r => r.AddActivityFunc<int, int>("STEP", (_, x) => x));

        var ex = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<LoopFunctions.DurableTask.Worker.DurableEngineWorker>());

        Assert.Contains("'STEP' is already added", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddTasks_OneNameUnderTwoVersions_RefusedBecauseVersionsAreNotDispatched()
    {
        using var provider = Provider(
            r => r.AddActivityFunc<int, int>("Step", new Microsoft.DurableTask.TaskVersion("1"), (_, x) => Task.FromResult(x)),
            r => r.AddActivityFunc<int, int>("Step", new Microsoft.DurableTask.TaskVersion("2"), (_, x) => Task.FromResult(x)));

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<LoopFunctions.DurableTask.Worker.DurableEngineWorker>());

        Assert.Contains("'Step' is registered more than once", ex.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Provider(params Action<Microsoft.DurableTask.DurableTaskRegistry>[] tasks)
    {
        var builder = new ServiceCollection().AddDurableTaskEngine().UseSqlite(s => s.Path = "x.db");
        foreach (var configure in tasks)
        {
            builder.AddTasks(configure);
        }

        return builder.AddWorker().Services.BuildServiceProvider();
    }
}
