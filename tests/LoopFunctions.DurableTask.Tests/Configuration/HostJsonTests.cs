using LoopFunctions.DurableTask.Configuration;
using LoopFunctions.DurableTask.Sqlite;

namespace LoopFunctions.DurableTask.Tests.Configuration;

public sealed class HostJsonTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("loopfn-dt-hostjson-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Load_MissingFile_GivesDurableFunctionsDefaults()
    {
        var settings = HostJson.Load(Path.Combine(_folder, "host.json"));

        Assert.Null(settings.Source);
        Assert.Equal(_folder, settings.Directory);
        Assert.Equal(StorageBackend.Sqlite, settings.Backend);
        Assert.Equal("LoopFunctions", settings.HubName);
        Assert.Equal(10 * Environment.ProcessorCount, settings.MaxConcurrentActivityFunctions);
        Assert.Equal(10 * Environment.ProcessorCount, settings.MaxConcurrentOrchestratorFunctions);
        Assert.Null(settings.ExtendedSessionsEnabled);
        Assert.True(settings.ExtendedSessionsEnabledForBackend);
        Assert.Equal(30, settings.ExtendedSessionIdleTimeoutInSeconds);
        Assert.Equal(Path.Combine(_folder, ".loopfunctions", "store.db"), settings.SqlitePath);
        Assert.Equal(new SqliteHostJsonSettings(), settings.Sqlite);
        Assert.Equal(new AzureStorageHostJsonSettings(), settings.AzureStorage);
    }

    [Fact]
    public void Load_NoDurableTaskSection_GivesDefaults()
    {
        var settings = HostJson.Load(Write("""{ "version": "2.0", "extensions": { "http": { "routePrefix": "api" } } }"""));

        Assert.Equal(HostJsonSettings.Defaults(_folder) with { Source = settings.Source }, settings);
    }

    [Fact]
    public void Load_AzureStorageDefaults_AreDurableFunctionsDefaultsExceptTheScaleOutSettings()
    {
        var settings = HostJson.Load(Write("""{ "extensions": { "durableTask": { "storageProvider": { "type": "AzureStorage" } } } }"""));
        var azure = settings.AzureStorage;

        Assert.Equal(StorageBackend.AzureStorage, settings.Backend);
        Assert.False(settings.ExtendedSessionsEnabledForBackend);
        Assert.Equal("AzureWebJobsStorage", azure.ConnectionStringName);
        Assert.Equal(4, azure.PartitionCount);
        Assert.Equal(32, azure.ControlQueueBatchSize);
        // AzureStorageScaleOut: shorter than Durable Functions' 256 / 5 min / 5 min, the stall a partition move costs.
        Assert.Equal(64, azure.ControlQueueBufferThreshold);
        Assert.Equal(TimeSpan.FromMinutes(2), azure.ControlQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), azure.WorkItemQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), azure.MaxQueuePollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), azure.PartitionLeaseDuration);
        Assert.Equal(TimeSpan.FromSeconds(10), azure.PartitionLeaseRenewInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), azure.PartitionLeaseAcquireInterval);
        Assert.False(azure.UseTablePartitionManagement);
        Assert.False(azure.UseLegacyPartitionManagement);
        Assert.True(azure.FetchLargeMessagesAutomatically);
        Assert.True(azure.UseAppLease);
    }

    [Fact]
    public void Load_EverySqliteSetting_Bound()
    {
        var settings = HostJson.Load(Write("""
            {
              "version": "2.0",
              "extensions": {
                "durableTask": {
                  "hubName": "Nightly",
                  "maxConcurrentActivityFunctions": 3,
                  "maxConcurrentOrchestratorFunctions": "7",
                  "extendedSessionsEnabled": false,
                  "extendedSessionIdleTimeoutInSeconds": 45,
                  // Durable Functions settings without meaning here are accepted.
                  "tracing": { "traceInputsAndOutputs": true },
                  "storageProvider": {
                    "type": "sqlite",
                    "path": "data/hub.db",
                    "maxQueuePollingInterval": "00:00:02",
                    "orchestrationLockTimeout": "00:03:00",
                    "activityLockTimeout": "00:04:00",
                    "maxDeliveryCount": 9,
                    "maxPayloadBytes": 2048,
                    "synchronous": "Full",
                  },
                },
              },
            }
            """));

        Assert.Equal(StorageBackend.Sqlite, settings.Backend);
        Assert.Equal("Nightly", settings.HubName);
        Assert.Equal(3, settings.MaxConcurrentActivityFunctions);
        Assert.Equal(7, settings.MaxConcurrentOrchestratorFunctions);
        Assert.False(settings.ExtendedSessionsEnabled);
        Assert.Equal(45, settings.ExtendedSessionIdleTimeoutInSeconds);
        Assert.Equal(Path.Combine(_folder, "data", "hub.db"), settings.SqlitePath);
        Assert.Equal(
            new SqliteHostJsonSettings
            {
                Path = "data/hub.db",
                MaxQueuePollingInterval = TimeSpan.FromSeconds(2),
                OrchestrationLockTimeout = TimeSpan.FromMinutes(3),
                ActivityLockTimeout = TimeSpan.FromMinutes(4),
                MaxDeliveryCount = 9,
                MaxPayloadBytes = 2048,
                Synchronous = SqliteSynchronousMode.Full,
            },
            settings.Sqlite);
    }

    [Fact]
    public void Load_EveryAzureStorageSetting_Bound()
    {
        var settings = HostJson.Load(Write("""
            { "extensions": { "durableTask": {
              "hubName": "Shared1", "extendedSessionsEnabled": true, "useAppLease": false,
              "storageProvider": {
                "type": "AzureStorage",
                "connectionStringName": "Storage",
                "partitionCount": 2,
                "controlQueueBatchSize": 16,
                "controlQueueBufferThreshold": 128,
                "controlQueueVisibilityTimeout": "00:00:20",
                "workItemQueueVisibilityTimeout": "00:03:00",
                "maxQueuePollingInterval": "00:00:01",
                "partitionLeaseDuration": "00:00:15",
                "partitionLeaseRenewInterval": "00:00:05",
                "partitionLeaseAcquireInterval": "00:00:03",
                "useTablePartitionManagement": false,
                "useLegacyPartitionManagement": true,
                "fetchLargeMessagesAutomatically": false } } } }
            """));

        Assert.Equal(StorageBackend.AzureStorage, settings.Backend);
        Assert.Equal("Shared1", settings.HubName);
        Assert.True(settings.ExtendedSessionsEnabledForBackend);
        Assert.Equal(
            new AzureStorageHostJsonSettings
            {
                ConnectionStringName = "Storage",
                PartitionCount = 2,
                ControlQueueBatchSize = 16,
                ControlQueueBufferThreshold = 128,
                ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(20),
                WorkItemQueueVisibilityTimeout = TimeSpan.FromMinutes(3),
                MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
                PartitionLeaseDuration = TimeSpan.FromSeconds(15),
                PartitionLeaseRenewInterval = TimeSpan.FromSeconds(5),
                PartitionLeaseAcquireInterval = TimeSpan.FromSeconds(3),
                UseTablePartitionManagement = false,
                UseLegacyPartitionManagement = true,
                FetchLargeMessagesAutomatically = false,
                UseAppLease = false,
            },
            settings.AzureStorage);
    }

    [Fact]
    public void Load_KeysInAnyCase_Bound()
    {
        var settings = HostJson.Load(Write("""{ "Extensions": { "DurableTask": { "HUBNAME": "Cased", "StorageProvider": { "Type": "AZURESTORAGE", "PartitionCount": 3 } } } }"""));

        Assert.Equal("Cased", settings.HubName);
        Assert.Equal(3, settings.AzureStorage.PartitionCount);
    }

    [Fact]
    public void Load_UnknownKeys_EachReportedByPathAndName()
    {
        var path = Write("""{ "extensions": { "durableTask": { "hubname": "Ok1", "maxConcurentActivityFunctions": 2, "storageProvider": { "pth": "x.db" } } } }""");

        var ex = Assert.Throws<HostJsonException>(() => HostJson.Load(path));

        Assert.Equal(path, ex.HostJsonPath);
        Assert.Equal(
            [
                new HostJsonProblem("extensions.durableTask", "maxConcurentActivityFunctions", "unknown setting."),
                new HostJsonProblem("extensions.durableTask.storageProvider", "pth", "unknown setting."),
            ],
            ex.Problems);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("extensions.durableTask.storageProvider.pth: unknown setting.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OtherBackendsKeys_ReportedWithTheBackendTheyNeed()
    {
        var path = Write("""{ "extensions": { "durableTask": { "useAppLease": true, "storageProvider": { "path": "x.db", "partitionCount": 2 } } } }""");

        var ex = Assert.Throws<HostJsonException>(() => HostJson.Load(path));

        Assert.Equal(["useAppLease", "partitionCount"], ex.Problems.Select(p => p.Key));
        Assert.All(ex.Problems, p => Assert.Equal("applies only when storageProvider.type is AzureStorage (it is Sqlite).", p.Reason));
    }

    [Theory]
    [InlineData("\"hubName\": \"1bad\"", "extensions.durableTask", "hubName", "'1bad' is not a valid task hub name")]
    [InlineData("\"hubName\": \"\"", "extensions.durableTask", "hubName", "must be a non-empty string")]
    [InlineData("\"maxConcurrentActivityFunctions\": 0", "extensions.durableTask", "maxConcurrentActivityFunctions", "must be between 1 and 10000 (was 0)")]
    [InlineData("\"maxConcurrentOrchestratorFunctions\": \"many\"", "extensions.durableTask", "maxConcurrentOrchestratorFunctions", "must be a whole number (was \"many\")")]
    [InlineData("\"extendedSessionsEnabled\": \"yes\"", "extensions.durableTask", "extendedSessionsEnabled", "must be true or false")]
    [InlineData("\"extendedSessionIdleTimeoutInSeconds\": 1.5", "extensions.durableTask", "extendedSessionIdleTimeoutInSeconds", "must be a whole number (was 1.5)")]
    [InlineData("\"maxEntityOperationBatchSize\": 0", "extensions.durableTask", "maxEntityOperationBatchSize", "must be between 1 and 10000 (was 0)")]
    [InlineData("\"entityMessageReorderWindowInMinutes\": 5", "extensions.durableTask", "entityMessageReorderWindowInMinutes", "applies only when storageProvider.type is AzureStorage (it is Sqlite).")]
    [InlineData("\"entityMessageReorderWindowInMinutes\": -1, \"storageProvider\": { \"type\": \"AzureStorage\" }", "extensions.durableTask", "entityMessageReorderWindowInMinutes", "must be between 0 and 1440 (was -1)")]
    [InlineData("\"storageProvider\": 3", "extensions.durableTask", "storageProvider", "must be an object (was 3)")]
    [InlineData("\"storageProvider\": { \"type\": \"Mongo\" }", "extensions.durableTask.storageProvider", "type", "'Mongo' is not one of Sqlite, AzureStorage.")]
    [InlineData("\"storageProvider\": { \"maxQueuePollingInterval\": \"30\" }", "extensions.durableTask.storageProvider", "maxQueuePollingInterval", "must be a time span like \"00:00:30\" (was \"30\")")]
    [InlineData("\"storageProvider\": { \"maxQueuePollingInterval\": \"00:00:00\" }", "extensions.durableTask.storageProvider", "maxQueuePollingInterval", "must be at least")]
    [InlineData("\"storageProvider\": { \"synchronous\": \"Off\" }", "extensions.durableTask.storageProvider", "synchronous", "'Off' is not one of Normal, Full, Durable.")]
    [InlineData("\"storageProvider\": { \"maxPayloadBytes\": 10 }", "extensions.durableTask.storageProvider", "maxPayloadBytes", "must be between 1024")]
    [InlineData("\"storageProvider\": { \"type\": \"AzureStorage\", \"partitionCount\": 17 }", "extensions.durableTask.storageProvider", "partitionCount", "must be between 1 and 16 (was 17)")]
    [InlineData("\"storageProvider\": { \"type\": \"AzureStorage\", \"controlQueueBatchSize\": 33 }", "extensions.durableTask.storageProvider", "controlQueueBatchSize", "must be between 1 and 32 (was 33)")]
    [InlineData("\"storageProvider\": { \"type\": \"AzureStorage\", \"connectionStringName\": 5 }", "extensions.durableTask.storageProvider", "connectionStringName", "must be a non-empty string (was 5)")]
    [InlineData("\"storageProvider\": { \"type\": \"AzureStorage\", \"partitionLeaseDuration\": \"00:00:20\", \"partitionLeaseRenewInterval\": \"00:00:20\" }", "extensions.durableTask.storageProvider", "partitionLeaseRenewInterval", "must be shorter than partitionLeaseDuration")]
    [InlineData("\"storageProvider\": { \"type\": \"AzureStorage\", \"partitionLeaseDuration\": \"00:00:10\", \"partitionLeaseRenewInterval\": \"00:00:02\" }", "extensions.durableTask.storageProvider", "partitionLeaseDuration", "must be between 00:00:15 and 00:01:00 with blob leases")]
    [InlineData("\"storageProvider\": { \"type\": \"AzureStorage\", \"partitionLeaseDuration\": \"00:01:30\" }", "extensions.durableTask.storageProvider", "partitionLeaseDuration", "must be between 00:00:15 and 00:01:00 with blob leases")]
    [InlineData("\"storageProvider\": { \"type\": \"AzureStorage\", \"useTablePartitionManagement\": true, \"useLegacyPartitionManagement\": true }", "extensions.durableTask.storageProvider", "useLegacyPartitionManagement", "cannot be true together with useTablePartitionManagement")]
    [InlineData("\"hubName\": \"One1\", \"HubName\": \"Two2\"", "extensions.durableTask", "HubName", "set more than once")]
    public void Load_BadValue_ReportedByItsHostJsonName(string setting, string path, string key, string reason)
    {
        var file = Write($$"""{ "extensions": { "durableTask": { {{setting}} } } }""");

        var ex = Assert.Throws<HostJsonException>(() => HostJson.Load(file));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal((path, key), (problem.Path, problem.Key));
        Assert.Contains(reason, problem.Reason, StringComparison.Ordinal);
        Assert.Contains($"{path}.{key}: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ShortLeaseWithTablePartitionManagement_Accepted()
    {
        var settings = HostJson.Load(Write("""
            { "extensions": { "durableTask": { "storageProvider": {
                "type": "AzureStorage", "useTablePartitionManagement": true,
                "partitionLeaseDuration": "00:00:10", "partitionLeaseRenewInterval": "00:00:02" } } } }
            """));

        Assert.Equal(TimeSpan.FromSeconds(10), settings.AzureStorage.PartitionLeaseDuration);
    }

    [Fact]
    public void Load_SeveralProblems_AllReportedAtOnce()
    {
        var path = Write("""{ "extensions": { "durableTask": { "hubName": "1bad", "maxConcurrentActivityFunctions": 0, "storageProvider": { "type": "Mongo" } } } }""");

        var ex = Assert.Throws<HostJsonException>(() => HostJson.Load(path));

        Assert.Equal(["type", "hubName", "maxConcurrentActivityFunctions"], ex.Problems.Select(p => p.Key));
        Assert.Contains("3 problems", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InvalidJson_ReportsFileAndLine()
    {
        var path = Write("{\n  \"extensions\": {\n    \"durableTask\": { ,\n  }\n}");

        var ex = Assert.Throws<HostJsonException>(() => HostJson.Load(path));

        Assert.StartsWith($"{path}: line 3: not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotAnObject_Reported()
    {
        var ex = Assert.Throws<HostJsonException>(() => HostJson.Load(Write("[1, 2]")));

        Assert.Equal("host.json must hold a JSON object.", Assert.Single(ex.Problems).Reason);
    }

    private string Write(string json)
    {
        var path = Path.Combine(_folder, "host.json");
        File.WriteAllText(path, json);
        return path;
    }
}
