using DurableTask.Core.History;
using LoopFunctions.DurableTask.Replay;
using LoopFunctions.DurableTask.Tests.TestSupport;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using LoopFunctions.DurableTask.AzureStorage;

namespace LoopFunctions.DurableTask.Tests.Replay;

/// <summary>The replay check over histories of every kind of outcome, read from a live Azure Storage task hub the way
/// <c>loopfn replay-check</c> reads them: unchanged code must never be reported as a mismatch.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LiveHistoryReplayTests(AzuriteFixture azurite)
{
    private readonly AzureStorageTestHubs _hubs = new(azurite);

    [Fact]
    public async Task Check_HistoriesOfEveryOutcome_UnchangedCodeReplaysThemAll()
    {
        var hub = _hubs.NewHubName();
        await using var host = await TestHost.StartAsync(new TestHostSpec(
            b => b.UseAzureStorage(_hubs.ConnectionString, s => AzureStorageTestHubs.Fast(s, hub, extendedSessions: null)),
            r =>
            {
                ReplayOrchestrations.Register(r);
                r.AddActivityFunc<string, string>("Fail", (_, _) => Task.FromException<string>(new InvalidOperationException("no")))
                    .AddOrchestratorFunc<string>("Failing", ctx => ctx.CallActivityAsync<string>("Fail"))
                    .AddOrchestratorFunc<int, int>("Generations", async (ctx, n) =>
                    {
                        await ctx.CallActivityAsync<int>("Pack", n);
                        if (n < 2)
                        {
                            ctx.ContinueAsNew(n + 1);
                        }

                        return n;
                    });
            }));
        var client = host.Client;
        await host.RunAsync("OrderPipeline", "o-1", "live-pipeline");
        await host.RunAsync("Failing", null, "live-failed");
        await host.RunAsync("Generations", 0, "live-generations");
        await client.ScheduleNewOrchestrationInstanceAsync("AwaitingApproval", "c-1", new StartOrchestrationOptions("live-suspended"));
        await host.WaitForHistoryAsync("live-suspended", h => h.OfType<TaskCompletedEvent>().Any());
        await client.SuspendInstanceAsync("live-suspended");
        await host.WaitUntilAsync("live-suspended", m => m.RuntimeStatus == OrchestrationRuntimeStatus.Suspended);
        await client.ResumeInstanceAsync("live-suspended");
        await client.RaiseEventAsync("live-suspended", "approve", "ann");
        await host.WaitAsync("live-suspended");
        await client.ScheduleNewOrchestrationInstanceAsync("AwaitingApproval", "c-2", new StartOrchestrationOptions("live-terminated"));
        await host.WaitForHistoryAsync("live-terminated", h => h.OfType<TaskCompletedEvent>().Any());
        await client.TerminateInstanceAsync("live-terminated", "stop");
        await host.WaitAsync("live-terminated");
        await client.ScheduleNewOrchestrationInstanceAsync("AwaitingApproval", "c-3", new StartOrchestrationOptions("live-waiting"));
        await host.WaitForHistoryAsync("live-waiting", h => h.OfType<TaskCompletedEvent>().Any() && h.OfType<OrchestratorCompletedEvent>().Count() >= 2);

        var checker = host.Services.GetRequiredService<OrchestrationReplayChecker>();
        var results = new List<ReplayCheckResult>();
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery(InstanceIdPrefix: "live-")))
        {
            results.Add(checker.Check(await client.GetOrchestrationHistoryAsync(instance.InstanceId)));
        }

        Assert.Equal(
            ["live-failed", "live-generations", "live-pipeline", "live-pipeline-notify", "live-suspended", "live-terminated", "live-waiting"],
            results.Select(r => r.InstanceId).Order());
        Assert.All(results, r => Assert.True(r.IsDeterministic, $"{r.InstanceId}: {r.Mismatch}"));
        Assert.Equal(
            [
                OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Completed,
                OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Terminated, OrchestrationRuntimeStatus.Running,
            ],
            results.OrderBy(r => r.InstanceId, StringComparer.Ordinal).Select(r => r.ReplayedStatus));
    }
}
