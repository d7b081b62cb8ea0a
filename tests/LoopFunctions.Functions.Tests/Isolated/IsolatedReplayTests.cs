using DurableTask.Core.History;
using LoopFunctions.DurableTask.Client;
using LoopFunctions.DurableTask.Replay;
using LoopFunctions.DurableTask.Tests.Replay;
using LoopFunctions.Functions.Tests.TestSupport;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using P = Microsoft.DurableTask.Protobuf;

namespace LoopFunctions.Functions.Tests.Isolated;

/// <summary>
/// The histories <c>loopfn</c> recorded on Azure Storage (tests/LoopFunctions.DurableTask.Tests/Replay/Histories)
/// replayed through the isolated Durable extension's entry point (<see cref="IsolatedDurableWorker"/>), episode by
/// episode as the Functions host would deliver them, and through DTFx's executor as <c>loopfn replay-check</c> does.
/// Each episode must take exactly the recorded actions, and a finished run must end with the recorded output, byte
/// for byte.
/// </summary>
public sealed class IsolatedReplayTests : IDisposable
{
    private static readonly Dictionary<string, Func<TaskOrchestrationContext, Task<object?>>> Orchestrators = new(StringComparer.Ordinal)
    {
        ["OrderPipeline"] = async ctx => await ReplayOrchestrations.OrderPipeline(ctx, ctx.GetInput<string>()),
        ["CountDown"] = async ctx => await ReplayOrchestrations.CountDown(ctx, ctx.GetInput<int>()),
        ["AwaitingApproval"] = async ctx => await ReplayOrchestrations.AwaitingApproval(ctx, ctx.GetInput<string>()),
    };

    private readonly TempLoops _loops = new();
    private readonly IsolatedDurableWorker _worker;

    public IsolatedReplayTests() => _worker = new IsolatedDurableWorker(_loops.Folder);

    public static TheoryData<string> SavedHistories() => new(SavedHistoryNames());

    private static string HistoriesFolder => Path.Combine(AppContext.BaseDirectory, "Replay", "Histories");

    [Fact]
    public void SavedHistories_AllHaveAFunction_NoneSkipped()
    {
        Assert.NotEmpty(SavedHistoryNames());
        Assert.All(SavedHistoryNames(), name => Assert.Contains(name, Orchestrators.Keys));
    }

    [Theory]
    [MemberData(nameof(SavedHistories))]
    public void LoadAndRun_SavedHistoryEpisodeByEpisode_TakesTheRecordedActions(string name)
    {
        var history = Load(name);
        var instanceId = history.OfType<ExecutionStartedEvent>().Single().OrchestrationInstance.InstanceId;
        var episodes = Episodes(history);
        Assert.NotEmpty(episodes);

        foreach (var (start, end) in episodes)
        {
            var episode = history.Skip(start).Take(end - start).ToList();
            var incoming = episode.Where(e => !IsAction(e) && e is not OrchestratorCompletedEvent);
            var response = _worker.Run(name, Orchestrators[name], instanceId, history.Take(start), incoming);

            Assert.Equal(instanceId, response.InstanceId);
            Assert.Equal(episode.Where(IsAction).Select(Describe).ToList(), response.Actions.Select(Describe).ToList());
        }
    }

    [Theory]
    [MemberData(nameof(SavedHistories))]
    public void LoadAndRun_WholeSavedHistory_SameOutcomeAsDtfxReplay(string name)
    {
        var history = Load(name);
        var instanceId = history.OfType<ExecutionStartedEvent>().Single().OrchestrationInstance.InstanceId;
        var lastStart = Episodes(history)[^1].Start;
        var lastEpisode = history.Skip(lastStart).Where(e => !IsAction(e) && e is not OrchestratorCompletedEvent);

        var functions = _worker.Run(name, Orchestrators[name], instanceId, history.Take(lastStart), lastEpisode);
        var dtfx = Checker().Check(history);

        Assert.Null(dtfx.Mismatch);
        var completion = functions.Actions.Select(a => a.CompleteOrchestration).SingleOrDefault(c => c is not null);
        var recorded = history.OfType<ExecutionCompletedEvent>().SingleOrDefault();
        if (recorded is null)
        {
            Assert.Null(completion);
            Assert.Equal(OrchestrationRuntimeStatus.Running, dtfx.ReplayedStatus);
        }
        else
        {
            Assert.NotNull(completion);
            Assert.Equal(P.OrchestrationStatus.Completed, completion.OrchestrationStatus);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, dtfx.ReplayedStatus);
            Assert.Equal(recorded.Result, completion.Result);
        }
    }

    [Fact]
    public void LoadAndRun_ActivityRenamedSinceRecording_FailsTheRunAsNonDeterministic()
    {
        var history = Load("CountDown");
        var (start, _) = Episodes(history)[1];
        var incoming = history.Skip(start).Where(e => !IsAction(e) && e is not OrchestratorCompletedEvent);

        // The renamed activity exists nowhere on purpose: the point is that replay refuses it.
#pragma warning disable DURABLE2003
        var response = _worker.Run("CountDown", async ctx => await ctx.CallActivityAsync<int>("Unpack", ctx.GetInput<int>()), "replay-CountDown", history.Take(start), incoming);
#pragma warning restore DURABLE2003

        var complete = Assert.Single(response.Actions, a => a.CompleteOrchestration is not null).CompleteOrchestration;
        Assert.Equal(P.OrchestrationStatus.Failed, complete.OrchestrationStatus);
        Assert.Contains("NonDeterministic", complete.FailureDetails.ErrorType, StringComparison.Ordinal);
        Assert.Contains("'Pack'", complete.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("'Unpack'", complete.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _worker.Dispose();
        _loops.Dispose();
    }

    internal static bool IsAction(HistoryEvent e) => e is TaskScheduledEvent or TimerCreatedEvent or SubOrchestrationInstanceCreatedEvent or EventSentEvent or ExecutionCompletedEvent;

    /// <summary>Each episode's [start, end) in the history: from an OrchestratorStarted to its OrchestratorCompleted.</summary>
    internal static List<(int Start, int End)> Episodes(IList<HistoryEvent> history)
    {
        var episodes = new List<(int, int)>();
        var start = -1;
        for (var i = 0; i < history.Count; i++)
        {
            if (history[i] is OrchestratorStartedEvent)
            {
                start = i;
            }
            else if (history[i] is OrchestratorCompletedEvent && start >= 0)
            {
                episodes.Add((start, i + 1));
                start = -1;
            }
        }

        return episodes;
    }

    internal static string Describe(HistoryEvent e) => e switch
    {
        TaskScheduledEvent t => $"{t.EventId} activity {t.Name}({t.Input})",
        TimerCreatedEvent t => $"{t.EventId} timer {t.FireAt:O}",
        SubOrchestrationInstanceCreatedEvent s => $"{s.EventId} sub {s.Name}({s.Input}) as {s.InstanceId}",
        ExecutionCompletedEvent c => $"completed {c.OrchestrationStatus} {c.Result}",
        _ => $"{e.EventId} {e.EventType}",
    };

    internal static string Describe(P.OrchestratorAction a) => a.OrchestratorActionTypeCase switch
    {
        P.OrchestratorAction.OrchestratorActionTypeOneofCase.ScheduleTask => $"{a.Id} activity {a.ScheduleTask.Name}({a.ScheduleTask.Input})",
        P.OrchestratorAction.OrchestratorActionTypeOneofCase.CreateTimer => $"{a.Id} timer {a.CreateTimer.FireAt.ToDateTime():O}",
        P.OrchestratorAction.OrchestratorActionTypeOneofCase.CreateSubOrchestration => $"{a.Id} sub {a.CreateSubOrchestration.Name}({a.CreateSubOrchestration.Input}) as {a.CreateSubOrchestration.InstanceId}",
        P.OrchestratorAction.OrchestratorActionTypeOneofCase.SendEvent or P.OrchestratorAction.OrchestratorActionTypeOneofCase.SendEntityMessage => $"{a.Id} EventSent",
        P.OrchestratorAction.OrchestratorActionTypeOneofCase.CompleteOrchestration => $"completed {(global::DurableTask.Core.OrchestrationStatus)(int)a.CompleteOrchestration.OrchestrationStatus} {a.CompleteOrchestration.Result}",
        _ => $"{a.Id} {a.OrchestratorActionTypeCase}",
    };

    private static OrchestrationReplayChecker Checker()
    {
        var registry = new DurableTaskRegistry();
        ReplayOrchestrations.Register(registry);
        return new OrchestrationReplayChecker(registry);
    }

    private static List<string> SavedHistoryNames() =>
        [.. Directory.GetFiles(HistoriesFolder, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal)];

    private static IList<HistoryEvent> Load(string name) =>
        HistoryJson.Deserialize(File.ReadAllText(Path.Combine(HistoriesFolder, name + ".json")));
}
