using System.Text.Json.Nodes;
using DurableTask.Core.History;
using LoopFunctions.DurableTask.Client;
using LoopFunctions.DurableTask.Replay;
using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Budget;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Tests.TestSupport;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary>
/// Loop runs recorded with each stored input shape (Orchestration/Histories): <c>RunRequestInput</c> with the input
/// every run stored before <see cref="LoopRunInput"/> (the host's <see cref="LoopRunRequest"/>: a loop file path and
/// the caller's input as text), <c>RunInput</c> with today's. Today's orchestrator must replay both, as
/// <c>loopfn replay-check</c> does. <c>PoolInput</c> is a run with <c>limits.pool</c>: its entity calls and signals
/// (reserve, settle, release) replay as well. Without LOOPFN_RECORD_HISTORIES=1 the recording test checks that a run today still
/// takes the saved actions; with it, it writes the files again.
/// </summary>
public sealed class LoopHistoryReplayTests
{
    private const string CallerInput = """{"ticket":7}""";

    public static TheoryData<string> SavedHistories() => new(Directory.GetFiles(HistoriesFolder, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal));

    private static string HistoriesFolder => Path.Combine(AppContext.BaseDirectory, "Orchestration", "Histories");

    [Theory]
    [MemberData(nameof(SavedHistories))]
    public void Check_SavedLoopHistory_TodaysOrchestratorReplaysItExactly(string name)
    {
        var history = Load(name);

        var result = Checker().Check(history);

        Assert.Null(result.Mismatch);
        Assert.True(result.IsDeterministic);
        Assert.Equal(LoopActivityNames.Orchestrator, result.OrchestratorName);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.ReplayedStatus);
        // LoadPlan is scheduled with the stored input exactly as stored, in either shape.
        var stored = history.OfType<ExecutionStartedEvent>().Single().Input;
        Assert.Equal("[" + stored + "]", history.OfType<TaskScheduledEvent>().First().Input);
    }

    [Fact]
    public void Check_SavedHistoryWhereTheAgentChangedNothing_StillReplaysToItsGuardAndVerify()
    {
        // Recorded before the step said whether the tree changed: a CLI that changed nothing was an agent error, and
        // the iteration went on to the guard, the checks and the commit. Today's orchestrator must schedule them again.
        var history = WithFirstAgentResult("RunInput", result => result.Remove("treeUnchanged"));

        var result = Checker().Check(history);

        Assert.Null(result.Mismatch);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.ReplayedStatus);
        Assert.Equal(["LoadPlan", "PrepareWorkspace", "Verify", "RunAgent", "Guard", "Verify", "Commit"], history.OfType<TaskScheduledEvent>().Take(7).Select(t => t.Name));
    }

    [Fact]
    public void Check_SameHistoryWithTheTreeUnchangedField_NoLongerReplays()
    {
        // The skip is decided by the new field alone: with it, today's orchestrator would not schedule that guard.
        var history = WithFirstAgentResult("RunInput", result => result["treeUnchanged"] = true);

        var result = Checker().Check(history);

        Assert.NotNull(result.Mismatch);
    }

    [Fact]
    public void SavedHistories_BothInputShapes_Present()
    {
        var started = Directory.GetFiles(HistoriesFolder, "*.json").Select(f => Load(Path.GetFileNameWithoutExtension(f)).OfType<ExecutionStartedEvent>().Single().Input).ToList();

        Assert.Contains(started, input => input.Contains("\"loopFile\":\"/loops/fix-tests.md\"", StringComparison.Ordinal) && input.Contains("\"input\":\"{\\u0022ticket\\u0022:7}\"", StringComparison.Ordinal));
        Assert.Contains(started, input => input == """{"loop":"fix-tests","input":{"ticket":7},"trigger":{"kind":"http"}}""");
    }

    [Fact]
    public async Task RecordedLoopHistories_RunAgainToday_TakeTheSavedActions()
    {
        var recorded = new Dictionary<string, IList<HistoryEvent>>
        {
            ["RunRequestInput"] = await RecordAsync(new LoopRunRequest("fix-tests", "/loops/fix-tests.md", TriggeredBy: "http", Input: CallerInput)),
            ["RunInput"] = await RecordAsync(new LoopRunInput("fix-tests", LoopRunInput.Json(CallerInput), new LoopTrigger("http"))),
            ["PoolInput"] = await RecordAsync(new LoopRunInput("fix-tests", LoopRunInput.Json(CallerInput), new LoopTrigger("http")), pool: "team-a"),
        };

        foreach (var (name, history) in recorded)
        {
            var path = Path.Combine(SourceFolder(), name + ".json");
            if (Environment.GetEnvironmentVariable("LOOPFN_RECORD_HISTORIES") == "1")
            {
                await File.WriteAllTextAsync(path, HistoryJson.Serialize(history));
            }

            var saved = HistoryJson.Deserialize(await File.ReadAllTextAsync(path));
            Assert.Equal(Actions(saved), Actions(history));
            Assert.Equal(saved.OfType<ExecutionStartedEvent>().Single().Input, history.OfType<ExecutionStartedEvent>().Single().Input);
        }
    }

    [Fact]
    public void Check_SavedPooledHistory_HasTheEntityOperationsItReplays()
    {
        var sent = Load("PoolInput").OfType<EventSentEvent>().Select(e => e.InstanceId).ToList();

        // Two reserves (calls) and two settles, then the release: all to the pool's entity.
        Assert.Equal(5, sent.Count);
        Assert.All(sent, id => Assert.Equal("@budgetpool@team-a", id));
    }

    private static async Task<IList<HistoryEvent>> RecordAsync(object input, string? pool = null)
    {
        var steps = new FakeLoopSteps { Plan = FakeLoopSteps.DefaultPlan(l => l with { Pool = pool }), Script = [(100, false, 3), (120, true, 0)] };
        await using var engine = await LoopEngine.StartAsync(
            r =>
            {
                steps.Register(r);
                r.AddEntity<BudgetPool>(BudgetPool.EntityName);
            },
            services: s => s.AddSingleton(TimeProvider.System).AddOptions<LoopRunnerOptions>()
                .Configure(o => o.Pools["team-a"] = new BudgetPoolOptions { MaxTokens = 1_000_000 }));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(LoopActivityNames.Orchestrator, input, new StartOrchestrationOptions("run-1"));
        var done = await engine.Client.WaitForInstanceCompletionAsync(id, true, cts.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        return await engine.Client.GetOrchestrationHistoryAsync(id);
    }

    /// <summary>The actions in order; their inputs carry times and differ between runs.</summary>
    private static List<string> Actions(IEnumerable<HistoryEvent> history) => history
        .Select(e => e switch
        {
            TaskScheduledEvent t => $"{t.EventId} activity {t.Name}",
            TimerCreatedEvent t => $"{t.EventId} timer",
            EventSentEvent t => $"{t.EventId} send {t.Name} to {t.InstanceId}",
            ExecutionCompletedEvent c => $"completed {c.OrchestrationStatus}",
            _ => null,
        })
        .OfType<string>()
        .ToList();

    private static OrchestrationReplayChecker Checker()
    {
        var registry = new DurableTaskRegistry();
        registry.AddOrchestrator<LoopOrchestrator>(LoopActivityNames.Orchestrator);
        return new OrchestrationReplayChecker(registry, dataConverter: new JsonDataConverter(LoopSerialization.Options));
    }

    /// <summary>The saved history with its first agent step's result turned into a CLI's "changed nothing" error.</summary>
    private static IList<HistoryEvent> WithFirstAgentResult(string name, Action<JsonObject> change)
    {
        var events = JsonNode.Parse(File.ReadAllText(Path.Combine(HistoriesFolder, name + ".json")))!.AsArray();
        var completed = events.Single(e => (string?)e!["EventType"] == "TaskCompleted" && ((string?)e["Result"])?.Contains("changed things in iteration 1", StringComparison.Ordinal) == true)!;
        var result = JsonNode.Parse((string)completed["Result"]!)!.AsObject();
        result["succeeded"] = false;
        result["summary"] = "I looked at the tests.";
        result["error"] = "Claude Code changed nothing in the workspace";
        change(result);
        completed["Result"] = result.ToJsonString();
        return HistoryJson.Deserialize(events.ToJsonString());
    }

    private static IList<HistoryEvent> Load(string name) =>
        HistoryJson.Deserialize(File.ReadAllText(Path.Combine(HistoriesFolder, name + ".json")));

    private static string SourceFolder([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.Combine(Path.GetDirectoryName(path)!, "Histories");
}
