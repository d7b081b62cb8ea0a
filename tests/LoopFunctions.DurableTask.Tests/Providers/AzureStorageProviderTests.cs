using LoopFunctions.DurableTask.Hosting;
using LoopFunctions.DurableTask.Tests.TestSupport;
using LoopFunctions.DurableTask.AzureStorage;

namespace LoopFunctions.DurableTask.Tests.Providers;

/// <summary>The provider suite on DurableTask.AzureStorage over Azurite; every store is a fresh task hub.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageProviderTests(AzuriteFixture azurite) : ProviderTests
{
    private readonly AzureStorageTestHubs _hubs = new(azurite);

    protected override string NewStore() => _hubs.NewHubName();

    protected override void UseBackend(IDurableEngineBuilder builder, string store, bool? extendedSessions) =>
        builder.UseAzureStorage(_hubs.ConnectionString, s => AzureStorageTestHubs.Fast(s, store, extendedSessions));
}
