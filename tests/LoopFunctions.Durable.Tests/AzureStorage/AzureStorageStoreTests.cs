using LoopFunctions.Durable.AzureStorage;
using LoopFunctions.Durable.Tests.TestSupport;

namespace LoopFunctions.Durable.Tests.AzureStorage;

/// <summary>What only the Azure Storage provider has: large payloads in blobs and partition leases.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly AzureStorageTestHubs _hubs = new(azurite);
    private readonly List<IAsyncDisposable> _hosts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await _hubs.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_PayloadsOver64KB_RoundTripThroughBlobs()
    {
        var store = _hubs.Create();
        var host = await TestHost.StartAsync(store, r => r
            .AddActivityFunc<string, string>("Grow", (_, s) => s + new string('b', 70_000))
            .AddOrchestratorFunc<string, string>("Big", (ctx, s) => ctx.CallActivityAsync<string>("Grow", s)));
        _hosts.Add(host);
        var input = new string('a', 100_000);

        var result = await host.RunAsync("Big", input);
        var blobs = new List<string>();
        await foreach (var blob in store.LargeContainer.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions()))
        {
            blobs.Add(blob.Name);
        }

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(input, result.ReadInputAs<string>());
        Assert.Equal(input + new string('b', 70_000), result.ReadOutputAs<string>());
        Assert.Contains(blobs, b => b.Contains("/instance/Input", StringComparison.Ordinal));
        Assert.Contains(blobs, b => b.Contains("/instance/Output", StringComparison.Ordinal));
        Assert.Contains(blobs, b => b.Contains("/history/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LockNextOrchestrationAsync_OwnerDiesWithoutReleasing_SecondWorkerTakesOverAfterLeaseExpiry()
    {
        var hub = _hubs.NewHubName();
        var first = _hubs.Create(hub: hub, worker: "worker-a");
        await first.CreateIfNotExistsAsync();
        Assert.Null(await first.LockNextOrchestrationAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal([0, 1, 2, 3], first.OwnedPartitions);

        await first.SimulateCrashAsync();
        var second = _hubs.Create(hub: hub, worker: "worker-b");
        var host = await TestHost.StartAsync(second, r => r.AddOrchestratorFunc<string, string>("Echo", (_, s) => Task.FromResult(s)));
        _hosts.Add(host);
        var result = await host.RunAsync("Echo", "after takeover", "takeover-1");

        Assert.Equal("after takeover", result.ReadOutputAs<string>());
        Assert.Equal([0, 1, 2, 3], second.OwnedPartitions);
    }

    [Fact]
    public async Task DisposeAsync_GracefulStop_NextWorkerTakesOverAtOnce()
    {
        var hub = _hubs.NewHubName();
        var first = _hubs.Create(hub: hub, worker: "worker-a");
        await first.CreateIfNotExistsAsync();
        await first.LockNextOrchestrationAsync(TimeSpan.FromSeconds(30));

        await first.DisposeAsync();
        var second = _hubs.Create(hub: hub, worker: "worker-b");
        await second.LockNextOrchestrationAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([0, 1, 2, 3], second.OwnedPartitions);
    }

    [Fact]
    public async Task GetInstanceAsync_StorageUnreachable_ThrowsStoreUnavailable()
    {
        var closed = FreePort();
        var options = _hubs.Options("unreachable");
        options.ConnectionString =
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            $"BlobEndpoint=http://127.0.0.1:{closed}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{closed}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{closed}/devstoreaccount1;";
        await using var store = new AzureStorageDurableStore(options);

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetInstanceAsync("x", false));

        Assert.Contains("devstoreaccount1", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "ConnectionString")]
    [InlineData("bad-hub!", "HubName")]
    [InlineData("partitions", "PartitionCount")]
    [InlineData("lease", "PartitionLeaseDuration")]
    public void Validate_InvalidSetting_NamesIt(string broken, string expected)
    {
        var options = new AzureStorageOptions { ConnectionString = "UseDevelopmentStorage=true" };
        switch (broken)
        {
            case "":
                options.ConnectionString = "";
                break;
            case "partitions":
                options.PartitionCount = 0;
                break;
            case "lease":
                options.PartitionLeaseDuration = TimeSpan.FromSeconds(5);
                break;
            default:
                options.HubName = broken;
                break;
        }

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("AzureStorageOptions." + expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_DevelopmentStorage_NamesQueuesFromHub()
    {
        var store = new AzureStorageDurableStore(new AzureStorageOptions { ConnectionString = "UseDevelopmentStorage=true", HubName = "MyHub", PartitionCount = 2 });

        Assert.Equal(["myhub-control-00", "myhub-control-01"], store.ControlQueues.Select(q => q.Name));
        Assert.Equal("myhub-workitems", store.WorkItemQueue.Name);
        Assert.Equal("MyHubInstances", store.InstanceTable.Name);
        Assert.Equal("myhub-leases", store.LeaseContainer.Name);
    }

    [Fact]
    public void Partition_SameInstanceId_StableAcrossCallsAndSpread()
    {
        Assert.Equal(2166136261u, StableHash.Fnv1a(""));
        Assert.Equal(0xe40c292cu, StableHash.Fnv1a("a"));
        var partitions = Enumerable.Range(0, 200).Select(i => StableHash.Partition($"instance-{i}", 4)).ToList();
        Assert.Equal(4, partitions.Distinct().Count());
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
