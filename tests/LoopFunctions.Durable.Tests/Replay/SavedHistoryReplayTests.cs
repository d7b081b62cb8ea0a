using LoopFunctions.Durable.History;
using LoopFunctions.Durable.InMemory;
using LoopFunctions.Durable.Testing;
using LoopFunctions.Durable.Tests.TestSupport;

namespace LoopFunctions.Durable.Tests.Replay;

/// <summary>
/// Temporal-style replay tests: histories recorded from real runs are replayed against today's code. Set
/// LOOPFN_RECORD_HISTORIES=1 to record them again after an intended, versioned change.
/// </summary>
public sealed class SavedHistoryReplayTests
{
    public static TheoryData<string> SavedHistories() => new(Directory.GetFiles(HistoriesFolder, "*.json").Select(Path.GetFileNameWithoutExtension)!);

    private static string HistoriesFolder => Path.Combine(AppContext.BaseDirectory, "Replay", "Histories");

    [Theory]
    [MemberData(nameof(SavedHistories))]
    public void Replay_SavedHistory_CurrentCodeReplaysToRecordedOutcome(string name)
    {
        var history = Load(name);

        var status = Replayer(ReplayOrchestrations.Register).Replay(name, history);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status);
    }

    [Fact]
    public void Replay_ActivityRenamed_FailsNamingRecordedAndNewAction()
    {
        var history = Load("OrderPipeline");
        var replayer = Replayer(r => r.AddOrchestratorFunc<string, string>("OrderPipeline", async (ctx, order) =>
        {
            await ctx.CallActivityAsync<string>("Reserve", order);
            return await ctx.CallActivityAsync<string>("ChargeCard", order);
        }));

        var ex = Assert.Throws<NonDeterministicOrchestrationException>(() => replayer.Replay("OrderPipeline", history));

        Assert.Contains("TaskScheduled 'Charge' (id 1)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("TaskScheduled 'ChargeCard' (id 1)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_TimerReplacedByActivity_FailsNamingBothKinds()
    {
        var history = Load("OrderPipeline");
        var replayer = Replayer(r => r.AddOrchestratorFunc<string, string>("OrderPipeline", async (ctx, order) =>
        {
            await ctx.CallActivityAsync<string>("Reserve", order);
            await ctx.CallActivityAsync<string>("Charge", order);
            await Task.WhenAll(Enumerable.Range(1, 3).Select(i => ctx.CallActivityAsync<int>("Pack", i)));
            return await ctx.CallActivityAsync<string>("Reserve", "again");
        }));

        var ex = Assert.Throws<NonDeterministicOrchestrationException>(() => replayer.Replay("OrderPipeline", history));

        Assert.Contains("TimerCreated", ex.Message, StringComparison.Ordinal);
        Assert.Contains("TaskScheduled 'Reserve' (id 5)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_StepRemoved_FailsSayingNothingIsProducedAtThatPoint()
    {
        var history = Load("CountDown");
        var replayer = Replayer(r => r.AddOrchestratorFunc<int, int>("CountDown", (_, n) => Task.FromResult(n)));

        var ex = Assert.Throws<NonDeterministicOrchestrationException>(() => replayer.Replay("CountDown", history));

        Assert.Contains("TaskScheduled 'Pack' (id 0)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no further action", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_StepAddedAtEnd_FailsSayingHistoryEndsWithoutIt()
    {
        var history = Load("CountDown");
        var replayer = Replayer(r => r.AddActivityFunc<int, int>("Pack", (_, i) => i).AddOrchestratorFunc<int, int>("CountDown", async (ctx, n) =>
        {
            await ReplayOrchestrations.CountDown(ctx, n);
            await ctx.CallActivityAsync<int>("Pack", 0);
            return n;
        }));

        var ex = Assert.Throws<NonDeterministicOrchestrationException>(() => replayer.Replay("CountDown", history));

        Assert.Contains("history ends without it", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordedHistories_RerunNow_MatchTheSavedFiles()
    {
        foreach (var (name, input) in new (string, object)[] { ("OrderPipeline", "order-7"), ("CountDown", 3) })
        {
            var recorded = await RecordAsync(name, input);
            var path = Path.Combine(SourceFolder(), name + ".json");
            if (Environment.GetEnvironmentVariable("LOOPFN_RECORD_HISTORIES") == "1")
            {
                await File.WriteAllTextAsync(path, HistoryJson.Serialize(recorded));
            }

            // Episode boundaries depend on timing; the actions and the outcome must not.
            Assert.Equal(Actions(Load(name)), Actions(recorded));
        }
    }

    private static async Task<IReadOnlyList<HistoryEvent>> RecordAsync(string name, object input)
    {
        await using var host = await TestHost.StartAsync(new InMemoryDurableStore(), ReplayOrchestrations.Register, o => o.MaxConcurrentActivityFunctions = 1);
        var result = await host.RunAsync(name, input, "replay-" + name);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        return await host.Client.GetHistoryAsync(result.InstanceId);
    }

    private static IEnumerable<string> Actions(IReadOnlyList<HistoryEvent> history) => history
        .Where(e => e.EventId >= 0 || e is ExecutionCompletedEvent)
        .OrderBy(e => e.EventId)
        .Select(e => e switch
        {
            TaskScheduledEvent t => $"{t.EventId} activity {t.Name}({t.Input})",
            SubOrchestrationInstanceCreatedEvent s => $"{s.EventId} sub {s.Name}({s.Input})",
            ExecutionCompletedEvent c => $"completed {c.Result}",
            _ => $"{e.EventId} {e.EventType}",
        });

    private static OrchestrationReplayer Replayer(Action<DurableTaskRegistry> register)
    {
        var registry = new DurableTaskRegistry();
        register(registry);
        return new OrchestrationReplayer(registry);
    }

    private static IReadOnlyList<HistoryEvent> Load(string name) =>
        HistoryJson.DeserializeList(File.ReadAllText(Path.Combine(HistoriesFolder, name + ".json")));

    private static string SourceFolder([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.Combine(Path.GetDirectoryName(path)!, "Histories");
}
