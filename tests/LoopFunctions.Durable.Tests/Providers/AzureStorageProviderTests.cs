using LoopFunctions.Durable.AzureStorage;
using LoopFunctions.Durable.Storage;
using LoopFunctions.Durable.Tests.TestSupport;

namespace LoopFunctions.Durable.Tests.Providers;

/// <summary>The shared provider suite on Azure Storage (Azurite). Every store gets its own task hub, so test classes
/// share one emulator; "reopen" stops the old store (as a restarted process's predecessor is gone, its leases freed)
/// and opens a new store object on the same hub.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageProviderTests(AzuriteFixture azurite) : DurableProviderTests
{
    private readonly AzureStorageTestHubs _hubs = new(azurite);

    protected override IDurableStore CreateStore(TimeProvider? time = null) => _hubs.Create(time);

    protected override IDurableStore Reopen(IDurableStore store, TimeProvider? time = null)
    {
        var old = (AzureStorageDurableStore)store;
        old.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return _hubs.Create(time, old.HubName);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _hubs.DisposeAsync();
    }
}
