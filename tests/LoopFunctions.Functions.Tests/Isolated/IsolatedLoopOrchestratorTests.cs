using DurableTask.Core;
using DurableTask.Core.History;
using LoopFunctions.Functions.Orchestration;
using LoopFunctions.Functions.Tests.TestSupport;
using LoopFunctions.Loops;
using LoopFunctions.Loops.Orchestration;
using System.Text.Json;
using P = Microsoft.DurableTask.Protobuf;

namespace LoopFunctions.Functions.Tests.Isolated;

/// <summary>The app's <c>LoopOrchestrator</c> function run through the isolated extension's entry point
/// (<see cref="IsolatedDurableWorker"/>): a new run's first episode, with the input the starters store.</summary>
public sealed class IsolatedLoopOrchestratorTests : IDisposable
{
    private static readonly DateTime Started = new(2026, 5, 1, 2, 0, 0, DateTimeKind.Utc);
    private readonly TempLoops _loops = new();
    private readonly IsolatedDurableWorker _worker;

    public IsolatedLoopOrchestratorTests() => _worker = new IsolatedDurableWorker(_loops.Folder);

    [Fact]
    public void LoadAndRun_NewRun_SchedulesLoadPlanFirstWithTheStoredInput()
    {
        var input = new LoopRunInput("ship", LoopRunInput.Json("{\"issue\":7}"), new LoopTrigger("http"));
        var stored = JsonSerializer.Serialize(input, LoopSerialization.Options);

        var response = _worker.Run(LoopActivityNames.Orchestrator, async ctx => await LoopOrchestratorFunction.RunAsync(ctx), "ship-1", [], NewRun(stored));

        var action = Assert.Single(response.Actions);
        Assert.Equal(0, action.Id);
        Assert.Equal(LoopActivityNames.LoadPlan, action.ScheduleTask.Name);
        // DTFx's context serializes an activity's parameters as an array; loopfn's histories hold the same "[input]".
        Assert.Equal("[" + stored + "]", action.ScheduleTask.Input);
        var sent = JsonSerializer.Deserialize<LoopRunInput[]>(action.ScheduleTask.Input, LoopSerialization.Options);
        Assert.Equal(("ship", "{\"issue\":7}"), (Assert.Single(sent!).LoopName, sent![0].InputText));
    }

    [Fact]
    public void LoadAndRun_EarlierRunRequestInput_SchedulesLoadPlanWithTheStoredBytes()
    {
        var stored = JsonSerializer.Serialize(new LoopRunRequest("ship", Path.Combine(_loops.Folder, "ship.md"), TriggeredBy: "http", Input: "{\"issue\":7}"), LoopSerialization.Options);

        var response = _worker.Run(LoopActivityNames.Orchestrator, async ctx => await LoopOrchestratorFunction.RunAsync(ctx), "ship-1", [], NewRun(stored));

        var action = Assert.Single(response.Actions);
        Assert.Equal(LoopActivityNames.LoadPlan, action.ScheduleTask.Name);
        Assert.Equal("[" + stored + "]", action.ScheduleTask.Input);
    }

    [Fact]
    public void LoadAndRun_LoadPlanFails_RunFailsWithTheActivitysError()
    {
        var stored = JsonSerializer.Serialize(new LoopRunRequest("ship", "/nowhere/ship.md"), LoopSerialization.Options);
        var history = NewRun(stored);
        var past = new List<HistoryEvent>(history) { new TaskScheduledEvent(0, LoopActivityNames.LoadPlan), new OrchestratorCompletedEvent(-1) };
        var failure = new FailureDetails("LoopFunctions.Loops.Plans.LoopFileException", "ship.md: no such loop file", null, null, false);

        var response = _worker.Run(LoopActivityNames.Orchestrator, async ctx => await LoopOrchestratorFunction.RunAsync(ctx), "ship-2", past,
            [new OrchestratorStartedEvent(-1) { Timestamp = Started.AddSeconds(1) }, new TaskFailedEvent(-1, 0, null, null, failure) { Timestamp = Started.AddSeconds(1) }]);

        var complete = Assert.Single(response.Actions).CompleteOrchestration;
        Assert.Equal(P.OrchestrationStatus.Failed, complete.OrchestrationStatus);
        Assert.Contains("no such loop file", complete.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _worker.Dispose();
        _loops.Dispose();
    }

    private static List<HistoryEvent> NewRun(string input) =>
    [
        new OrchestratorStartedEvent(-1) { Timestamp = Started },
        new ExecutionStartedEvent(-1, input)
        {
            Name = LoopActivityNames.Orchestrator,
            OrchestrationInstance = new OrchestrationInstance { InstanceId = "ship-1", ExecutionId = "e1" },
            Timestamp = Started,
        },
    ];
}
