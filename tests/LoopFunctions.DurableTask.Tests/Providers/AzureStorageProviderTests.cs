using LoopFunctions.DurableTask.Hosting;
using LoopFunctions.DurableTask.Tests.TestSupport;
using LoopFunctions.DurableTask.AzureStorage;
using DurableTask.AzureStorage;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.DurableTask.Tests.Providers;

/// <summary>The provider suite on DurableTask.AzureStorage over Azurite; every store is a fresh task hub.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageProviderTests(AzuriteFixture azurite) : ProviderTests
{
    private readonly AzureStorageTestHubs _hubs = new(azurite);

    protected override void CleanEntitiesAtOnce(IServiceCollection services) =>
        services.PostConfigure<AzureStorageOrchestrationServiceSettings>(s => s.EntityMessageReorderWindowInMinutes = 0);

    protected override string NewStore() => _hubs.NewHubName();

    protected override void UseBackend(IDurableEngineBuilder builder, string store, bool? extendedSessions) =>
        builder.UseAzureStorage(_hubs.ConnectionString, s => AzureStorageTestHubs.Fast(s, store, extendedSessions));
}
