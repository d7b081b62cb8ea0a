using DurableTask.Core.History;
using LoopFunctions.DurableTask.Client;
using LoopFunctions.Functions.Orchestration;
using LoopFunctions.Functions.Tests.TestSupport;
using LoopFunctions.Loops.Orchestration;
using P = Microsoft.DurableTask.Protobuf;

namespace LoopFunctions.Functions.Tests.Isolated;

/// <summary>The saved <c>LoopOrchestrator</c> histories (tests/LoopFunctions.Loops.Tests/Orchestration/Histories: one
/// stored with the input shape used before <see cref="LoopRunInput"/>, one with today's) replayed through the Functions
/// app's orchestrator function at the isolated extension's entry point, episode by episode: each takes exactly the
/// recorded actions, inputs byte for byte, and the run ends with the recorded output.</summary>
public sealed class IsolatedLoopReplayTests : IDisposable
{
    private readonly TempLoops _loops = new();
    private readonly IsolatedDurableWorker _worker;

    public IsolatedLoopReplayTests() => _worker = new IsolatedDurableWorker(_loops.Folder);

    public static TheoryData<string> SavedLoopHistories() => new(Directory.GetFiles(HistoriesFolder, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal));

    private static string HistoriesFolder => Path.Combine(AppContext.BaseDirectory, "Replay", "LoopHistories");

    [Theory]
    [MemberData(nameof(SavedLoopHistories))]
    public void LoadAndRun_SavedLoopHistoryEpisodeByEpisode_TakesTheRecordedActionsAndOutput(string name)
    {
        var history = HistoryJson.Deserialize(File.ReadAllText(Path.Combine(HistoriesFolder, name + ".json")));
        var instanceId = history.OfType<ExecutionStartedEvent>().Single().OrchestrationInstance.InstanceId;
        var episodes = IsolatedReplayTests.Episodes(history);
        Assert.NotEmpty(episodes);
        P.OrchestratorResponse? last = null;

        foreach (var (start, end) in episodes)
        {
            var episode = history.Skip(start).Take(end - start).ToList();
            var incoming = episode.Where(e => !IsolatedReplayTests.IsAction(e) && e is not OrchestratorCompletedEvent);
            last = _worker.Run(LoopActivityNames.Orchestrator, async ctx => await LoopOrchestratorFunction.RunAsync(ctx), instanceId, history.Take(start), incoming);

            Assert.Equal(episode.Where(IsolatedReplayTests.IsAction).Select(IsolatedReplayTests.Describe).ToList(), last.Actions.Select(IsolatedReplayTests.Describe).ToList());
        }

        var recorded = history.OfType<ExecutionCompletedEvent>().Single();
        Assert.Equal(recorded.Result, Assert.Single(last!.Actions, a => a.CompleteOrchestration is not null).CompleteOrchestration.Result);
    }

    public void Dispose()
    {
        _worker.Dispose();
        _loops.Dispose();
    }
}
