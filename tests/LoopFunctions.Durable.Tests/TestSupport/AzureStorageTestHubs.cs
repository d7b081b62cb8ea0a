using LoopFunctions.Durable.AzureStorage;

namespace LoopFunctions.Durable.Tests.TestSupport;

/// <summary>Stores on fresh task hubs of the shared Azurite, with settings that keep tests fast; on dispose the stores
/// are stopped and their hubs deleted.</summary>
internal sealed class AzureStorageTestHubs(AzuriteFixture azurite) : IAsyncDisposable
{
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<AzureStorageDurableStore> _stores = [];

    public AzureStorageOptions Options(string hub, string worker = "test-worker") => new()
    {
        ConnectionString = azurite.ConnectionString,
        HubName = hub,
        WorkerId = worker,
        PartitionLeaseDuration = TimeSpan.FromSeconds(15),
        PartitionLeaseRenewInterval = TimeSpan.FromSeconds(1),
        ControlMessageVisibilityTimeout = TimeSpan.FromSeconds(30),
        // The suite's fake clocks jump days ahead: re-check deferred messages every second instead of sleeping on them.
        MaxMessageDeferral = TimeSpan.FromSeconds(1),
    };

    public string NewHubName() => _prefix + "h" + _stores.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public AzureStorageDurableStore Create(TimeProvider? time = null, string? hub = null, string worker = "test-worker") =>
        Track(new AzureStorageDurableStore(Options(hub ?? NewHubName(), worker), time));

    public AzureStorageDurableStore Track(AzureStorageDurableStore store)
    {
        lock (_stores)
        {
            _stores.Add(store);
        }

        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        foreach (var hub in _stores.Select(s => s.HubName).Distinct())
        {
            await new AzureStorageDurableStore(Options(hub)).DeleteTaskHubAsync();
        }
    }
}
