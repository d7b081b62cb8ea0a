using DurableTask.Core.History;
using LoopFunctions.DurableTask.Client;
using LoopFunctions.DurableTask.Tests.TestSupport;
using Microsoft.DurableTask.Client;
using LoopFunctions.DurableTask.AzureStorage;

namespace LoopFunctions.DurableTask.Tests.Replay;

/// <summary>
/// Records the histories <see cref="SavedHistoryReplayTests"/> replays, from real runs on Azure Storage (Azurite).
/// Without LOOPFN_RECORD_HISTORIES=1 it checks that a run today still takes the recorded actions; with it, it writes
/// the files again (after an intended, versioned change to an orchestrator).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HistoryRecordingTests(AzuriteFixture azurite)
{
    private readonly AzureStorageTestHubs _hubs = new(azurite);

    [Fact]
    public async Task RecordedHistories_RunAgainToday_TakeTheSavedActions()
    {
        var hub = _hubs.NewHubName();
        await using var host = await TestHost.StartAsync(new TestHostSpec(
            b => b.UseAzureStorage(_hubs.ConnectionString, s => AzureStorageTestHubs.Fast(s, hub, extendedSessions: null)),
            ReplayOrchestrations.Register));

        var recorded = new Dictionary<string, IList<HistoryEvent>>
        {
            ["OrderPipeline"] = await FinishedAsync(host, "OrderPipeline", "order-7"),
            ["CountDown"] = await FinishedAsync(host, "CountDown", 3),
            ["AwaitingApproval"] = await WaitingAsync(host),
        };

        foreach (var (name, history) in recorded)
        {
            var path = Path.Combine(SourceFolder(), name + ".json");
            if (Environment.GetEnvironmentVariable("LOOPFN_RECORD_HISTORIES") == "1")
            {
                await File.WriteAllTextAsync(path, HistoryJson.Serialize(history));
            }

            // Episode boundaries and times differ between runs; the actions and the outcome must not.
            Assert.Equal(Actions(HistoryJson.Deserialize(await File.ReadAllTextAsync(path))), Actions(history));
        }
    }

    private static async Task<IList<HistoryEvent>> FinishedAsync(TestHost host, string name, object input)
    {
        var result = await host.RunAsync(name, input, "replay-" + name);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        return await host.Client.GetOrchestrationHistoryAsync(result.InstanceId);
    }

    /// <summary>An instance in flight: its activity done, now waiting for an approval that never comes.</summary>
    private static async Task<IList<HistoryEvent>> WaitingAsync(TestHost host)
    {
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("AwaitingApproval", "change-9", new Microsoft.DurableTask.StartOrchestrationOptions("replay-AwaitingApproval"));
        var history = await host.WaitForHistoryAsync(id, h => h.OfType<TaskCompletedEvent>().Any() && h.OfType<OrchestratorCompletedEvent>().Count() >= 2);
        await host.Client.TerminateInstanceAsync(id, "recorded");
        return history;
    }

    private static List<string> Actions(IEnumerable<HistoryEvent> history) => history
        .Where(e => e.EventId >= 0 || e is ExecutionCompletedEvent)
        .OrderBy(e => e.EventId)
        .Select(e => e switch
        {
            TaskScheduledEvent t => $"{t.EventId} activity {t.Name}({t.Input})",
            SubOrchestrationInstanceCreatedEvent s => $"{s.EventId} sub {s.Name}({s.Input}) as {s.InstanceId}",
            ExecutionCompletedEvent c => $"completed {c.OrchestrationStatus} {c.Result}",
            _ => $"{e.EventId} {e.EventType}",
        })
        .ToList();

    private static string SourceFolder([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.Combine(Path.GetDirectoryName(path)!, "Histories");
}
