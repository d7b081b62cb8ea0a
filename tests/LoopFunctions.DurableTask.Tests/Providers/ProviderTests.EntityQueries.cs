using LoopFunctions.DurableTask.Tests.TestSupport;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;

namespace LoopFunctions.DurableTask.Tests.Providers;

public abstract partial class ProviderTests
{
    [Fact]
    public async Task GetAllInstancesAsync_EntitiesPresent_LeftOutUnlessThePrefixAsks()
    {
        var host = await StartAsync(r => Entities(r.AddOrchestratorFunc<int, int>("Echo", (_, x) => Task.FromResult(x))));
        await host.Client.Entities.SignalEntityAsync(CounterId("hidden"), "add", 1);
        await WaitForEntityAsync<int>(host, CounterId("hidden"), n => n == 1);
        await host.RunAsync("Echo", 1, "echo-1");

        var all = await Ids(host.Client.GetAllInstancesAsync(new OrchestrationQuery(PageSize: 1)));
        var entities = await Ids(host.Client.GetAllInstancesAsync(new OrchestrationQuery(InstanceIdPrefix: "@counter@")));
        var listed = await host.Client.ListInstanceIdsAsync();
        var start = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.ScheduleNewOrchestrationInstanceAsync("Echo", 2, new StartOrchestrationOptions("@counter@hidden")));
        var terminate = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.TerminateInstanceAsync("@counter@hidden"));

        Assert.Equal(["echo-1"], all);
        Assert.Equal(["@counter@hidden"], entities);
        Assert.Equal(["echo-1"], listed.Values);
        Assert.Contains("belong to entities", start.Message, StringComparison.Ordinal);
        Assert.Contains("belong to entities", terminate.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await host.Client.Entities.GetEntityAsync<int>(CounterId("hidden")))!.State);

        static async Task<List<string>> Ids(AsyncPageable<OrchestrationMetadata> pages)
        {
            var ids = new List<string>();
            await foreach (var m in pages)
            {
                ids.Add(m.InstanceId);
            }

            return ids;
        }
    }

    [Fact]
    public async Task GetAllEntitiesAsync_PagedWithPrefix_EveryMatchExactlyOnce()
    {
        var host = await StartAsync(Entities);
        for (var i = 0; i < 5; i++)
        {
            await host.Client.Entities.SignalEntityAsync(CounterId($"page-{i}"), "add", i + 1);
        }

        await host.Client.Entities.SignalEntityAsync(CounterId("other"), "add", 1);
        await host.Client.Entities.SignalEntityAsync(RecorderId("page-9"), "record", 1);
        for (var i = 0; i < 5; i++)
        {
            await WaitForEntityAsync<int>(host, CounterId($"page-{i}"), n => n == i + 1);
        }

        await WaitForEntityAsync<int>(host, CounterId("other"), n => n == 1);
        await WaitForEntityAsync<RecorderState>(host, RecorderId("page-9"), s => s.Seen.Count == 1);

        var pages = new List<IReadOnlyList<EntityMetadata<int>>>();
        await foreach (var page in host.Client.Entities.GetAllEntitiesAsync<int>(new EntityQuery { InstanceIdStartsWith = "@counter@page-", PageSize = 2 }).AsPages())
        {
            pages.Add(page.Values);
        }

        var everything = await EntityIdsAsync(host.Client, new EntityQuery { IncludeState = false });
        var seen = pages.SelectMany(p => p).ToList();

        Assert.All(pages, p => Assert.True(p.Count <= 2, $"page of {p.Count}"));
        Assert.True(pages.Count >= 3, $"{pages.Count} pages");
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"@counter@page-{i}"), seen.Select(e => e.Id.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(1, 5), seen.Select(e => e.State).Order());
        Assert.Equal(["@counter@other", "@counter@page-0", "@counter@page-1", "@counter@page-2", "@counter@page-3", "@counter@page-4", "@recorder@page-9"], everything.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CleanEntityStorageAsync_EmptiedEntity_Removed()
    {
        var host = await StartAsync(Entities, services: CleanEntitiesAtOnce);
        await host.Client.Entities.SignalEntityAsync(CounterId("gone"), "add", 1);
        await host.Client.Entities.SignalEntityAsync(CounterId("stays"), "add", 2);
        await WaitForEntityAsync<int>(host, CounterId("stays"), n => n == 2);
        await host.Client.Entities.SignalEntityAsync(CounterId("gone"), "delete");
        using var cts = new CancellationTokenSource(TestHost.Deadline);
        while (await host.Client.Entities.GetEntityAsync(CounterId("gone"), cancellation: cts.Token) is not null)
        {
            await Task.Delay(20, cts.Token);
        }

        var before = await EntityIdsAsync(host.Client, new EntityQuery { IncludeTransient = true, IncludeState = false });
        var cleaned = await host.Client.Entities.CleanEntityStorageAsync(cancellation: cts.Token);
        var after = await EntityIdsAsync(host.Client, new EntityQuery { IncludeTransient = true, IncludeState = false });

        Assert.Contains("@counter@gone", before);
        Assert.Equal(1, cleaned.EmptyEntitiesRemoved);
        Assert.Null(cleaned.ContinuationToken);
        Assert.Equal(["@counter@stays"], after);
    }
}
