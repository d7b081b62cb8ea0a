using DurableTask.Core.History;
using LoopFunctions.DurableTask.AzureStorage;
using LoopFunctions.DurableTask.Replay;
using LoopFunctions.DurableTask.Tests.Providers;
using LoopFunctions.DurableTask.Tests.TestSupport;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.DurableTask.Tests.Replay;

/// <summary>The replay check over a history with entity calls and signals (EventSent to <c>@name@key</c>, the
/// response as EventRaised), recorded on a live Azure Storage task hub.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class EntityHistoryReplayTests(AzuriteFixture azurite)
{
    private static readonly EntityInstanceId Counter = new("counter", "replayed");

    private readonly AzureStorageTestHubs _hubs = new(azurite);

    [Fact]
    public async Task Check_HistoryWithEntityCallsAndSignals_UnchangedCodeReplaysItAndChangedCodeIsCaught()
    {
        var hub = _hubs.NewHubName();
        await using var host = await TestHost.StartAsync(new TestHostSpec(
            b => b.UseAzureStorage(_hubs.ConnectionString, s => AzureStorageTestHubs.Fast(s, hub, extendedSessions: null)),
            r => r.AddEntity<ProviderTests.Counter>().AddOrchestratorFunc<int>("UsesCounter", UsesCounter)));
        var finished = await host.RunAsync("UsesCounter", null, "entity-calls");
        var history = await host.Client.GetOrchestrationHistoryAsync("entity-calls");

        var result = host.Services.GetRequiredService<OrchestrationReplayChecker>().Check(history);
        var changed = new OrchestrationReplayChecker(new DurableTaskRegistry().AddOrchestratorFunc<int>("UsesCounter", ctx => ctx.Entities.CallEntityAsync<int>(Counter, "get")))
            .Check(history);

        Assert.Equal(6, finished.ReadOutputAs<int>());
        Assert.Equal(3, history.OfType<EventSentEvent>().Count(e => e.InstanceId == "@counter@replayed"));
        Assert.Equal(2, history.OfType<EventRaisedEvent>().Count());
        Assert.True(result.IsDeterministic, $"{result.Mismatch}");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.ReplayedStatus);
        Assert.False(changed.IsDeterministic);
    }

    private static async Task<int> UsesCounter(TaskOrchestrationContext ctx)
    {
        await ctx.Entities.CallEntityAsync<int>(Counter, "add", 2);
        await ctx.Entities.SignalEntityAsync(Counter, "add", 4);
        return await ctx.Entities.CallEntityAsync<int>(Counter, "get");
    }
}
