using LoopFunctions.Durable.AzureStorage;
using LoopFunctions.Durable.Configuration;
using LoopFunctions.Durable.DependencyInjection;
using LoopFunctions.Durable.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.Durable.Tests.AzureStorage;

public sealed class UseAzureStorageTests
{
    [Fact]
    public async Task UseAzureStorage_DevelopmentStorage_ResolvesStoreOnEngineHub()
    {
        var services = new ServiceCollection();
        services.AddLoopFunctions(o => o.HubName = "OrdersHub").UseAzureStorage(o => o.ConnectionString = "UseDevelopmentStorage=true");
        await using var provider = services.BuildServiceProvider();

        var store = Assert.IsType<AzureStorageDurableStore>(provider.GetRequiredService<IDurableStore>());

        Assert.Equal("OrdersHub", store.HubName);
        Assert.Equal(4, store.ControlQueues.Count);
    }

    [Fact]
    public async Task UseAzureStorage_HostJsonSettings_ReadsConnectionStringAndPartitions()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" }).Build();
        var services = new ServiceCollection();
        services.AddLoopFunctions().UseAzureStorage(new StorageProviderSettings { Type = "AzureStorage", PartitionCount = 2 }, configuration);
        await using var provider = services.BuildServiceProvider();

        var store = Assert.IsType<AzureStorageDurableStore>(provider.GetRequiredService<IDurableStore>());

        Assert.Equal(2, store.ControlQueues.Count);
    }

    [Fact]
    public async Task UseAzureStorage_ConnectionSettingMissing_ErrorNamesIt()
    {
        var services = new ServiceCollection();
        services.AddLoopFunctions().UseAzureStorage(new StorageProviderSettings { Type = "AzureStorage", ConnectionStringName = "MyStorage" }, new ConfigurationBuilder().Build());
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<IDurableStore>());

        Assert.Contains("'MyStorage'", ex.Message, StringComparison.Ordinal);
    }
}
