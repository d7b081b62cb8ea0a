using LoopFunctions.Durable.Configuration;

namespace LoopFunctions.Durable.Tests.Configuration;

public sealed class HostJsonTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("loopfn-hostjson-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Load_FullDurableTaskSection_BindsEverySetting()
    {
        var path = Write("""
            {
              "version": "2.0",
              "extensions": {
                "durableTask": {
                  "hubName": "Nightly",
                  "maxConcurrentActivityFunctions": 3,
                  "maxConcurrentOrchestratorFunctions": 7,
                  "storageProvider": { "type": "Sqlite", "path": "data/hub.db" }
                }
              }
            }
            """);

        var settings = HostJson.Load(path);

        Assert.Equal("Nightly", settings.DurableTask.HubName);
        Assert.Equal(3, settings.DurableTask.MaxConcurrentActivityFunctions);
        Assert.Equal(7, settings.DurableTask.MaxConcurrentOrchestratorFunctions);
        Assert.Equal(Path.Combine(_folder, "data", "hub.db"), settings.SqlitePath);
    }

    [Fact]
    public void Load_AzureStorageTakeoverSettings_Bound()
    {
        var path = Write("""
            { "extensions": { "durableTask": { "storageProvider": {
              "type": "AzureStorage", "partitionCount": 2, "partitionLeaseDuration": "00:00:15", "controlQueueVisibilityTimeout": "00:00:20" } } } }
            """);

        var provider = HostJson.Load(path).StorageProvider;

        Assert.Equal(2, provider.PartitionCount);
        Assert.Equal(TimeSpan.FromSeconds(15), provider.PartitionLeaseDuration);
        Assert.Equal(TimeSpan.FromSeconds(20), provider.ControlQueueVisibilityTimeout);
    }

    [Fact]
    public void Load_MissingFile_GivesDefaults()
    {
        var settings = HostJson.Load(Path.Combine(_folder, "host.json"));

        Assert.Equal("LoopFunctions", settings.DurableTask.HubName);
        Assert.Equal("Sqlite", settings.StorageProvider.Type);
    }

    [Fact]
    public void Load_OutOfRangeAndBadProvider_ReportsEverySettingByItsHostJsonName()
    {
        var path = Write("""{ "extensions": { "durableTask": { "hubName": "1bad", "maxConcurrentActivityFunctions": 0, "storageProvider": { "type": "Mongo" } } } }""");

        var ex = Assert.Throws<HostJsonException>(() => HostJson.Load(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("extensions.durableTask.hubName", ex.Message, StringComparison.Ordinal);
        Assert.Contains("extensions.durableTask.maxConcurrentActivityFunctions", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'Mongo' is not one of Sqlite, InMemory, AzureStorage", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WrongType_NamesTheSetting()
    {
        var path = Write("""{ "extensions": { "durableTask": { "maxConcurrentActivityFunctions": "many" } } }""");

        var ex = Assert.Throws<HostJsonException>(() => HostJson.Load(path));

        Assert.Contains("maxConcurrentActivityFunctions", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Load_InvalidJson_ReportsFileAndLine()
    {
        var path = Write("{\n  \"extensions\": {\n    \"durableTask\": { ,\n  }\n}");

        var ex = Assert.Throws<HostJsonException>(() => HostJson.Load(path));

        Assert.StartsWith($"{path}:3:", ex.Message, StringComparison.Ordinal);
    }

    private string Write(string json)
    {
        var path = Path.Combine(_folder, "host.json");
        File.WriteAllText(path, json);
        return path;
    }
}
