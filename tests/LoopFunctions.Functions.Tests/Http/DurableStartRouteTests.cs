using System.Text.Json;
using DurableTask.Core;
using DurableTask.Core.History;
using LoopFunctions.Functions.Activities;
using LoopFunctions.Functions.Orchestration;
using LoopFunctions.Functions.Tests.Isolated;
using LoopFunctions.Functions.Tests.TestSupport;
using LoopFunctions.Loops;
using LoopFunctions.Loops.Errors;
using LoopFunctions.Loops.Orchestration;

namespace LoopFunctions.Functions.Tests.Http;

/// <summary>
/// Durable Functions' own start route on the Functions app, <c>POST /runtime/webhooks/durabletask/orchestrators/LoopOrchestrator[/{instanceId}]</c>,
/// is served by the Durable extension: it stores the request's body as the orchestration's input and answers 202 with
/// <c>Location</c> and the check-status payload. These tests take such a body, <c>{"loop": ..., "input": ...}</c>, as
/// the extension stores it, through the app's own functions: the orchestrator (at the isolated extension's entry
/// point) schedules <c>LoadPlan</c> with it, and the <c>LoadPlan</c> function finds the loop it names.
/// </summary>
public sealed class DurableStartRouteTests : IDisposable
{
    private const string Body = """{"loop":"fix-calc","input":{"why":"red"}}""";
    private static readonly DateTime Started = new(2026, 5, 1, 2, 0, 0, DateTimeKind.Utc);
    private readonly TempLoops _loops = new();
    private readonly FunctionsHarness _harness;
    private readonly IsolatedDurableWorker _worker;

    public DurableStartRouteTests()
    {
        _harness = new FunctionsHarness(_loops.Folder);
        _worker = new IsolatedDurableWorker(_loops.Folder);
    }

    [Fact]
    public void LoadAndRun_StartRouteBodyAsInput_SchedulesLoadPlanWithIt()
    {
        var response = _worker.Run(LoopActivityNames.Orchestrator, async ctx => await LoopOrchestratorFunction.RunAsync(ctx), "calc-7", [], NewRun(Body));

        var action = Assert.Single(response.Actions);
        Assert.Equal(LoopActivityNames.LoadPlan, action.ScheduleTask.Name);
        Assert.Equal("[" + Body + "]", action.ScheduleTask.Input);
    }

    [Fact]
    public async Task LoadPlanAsync_StartRouteBody_ResolvesTheNamedLoopInTheLoopsFolder()
    {
        var file = _loops.Write("fix-calc");

        var plan = await LoopActivityFunctions.LoadPlanAsync(JsonSerializer.Deserialize<LoopRunInput>(Body, LoopSerialization.Options)!, "calc-7", _harness.Context.Object);

        Assert.Equal(("fix-calc", file), (plan.Name, plan.SourcePath));
        Assert.Equal("loop/fix-calc/calc-7", plan.Workspace.WorkBranch);
    }

    [Fact]
    public async Task LoadPlanAsync_StartRouteBodyWithoutALoop_FailsSayingHowToNameIt()
    {
        _loops.Write("fix-calc");

        var error = await Assert.ThrowsAsync<LoopFunctionsException>(() => LoopActivityFunctions.LoadPlanAsync(
            JsonSerializer.Deserialize<LoopRunInput>("""{"why":"red"}""", LoopSerialization.Options)!, "calc-8", _harness.Context.Object));

        Assert.Contains("""{"loop": "<name>", "input": <your input>}""", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadPlanAsync_StartRouteBodyNamingAFileOutsideTheFolder_Refused()
    {
        _loops.Write("fix-calc");
        var elsewhere = Directory.CreateTempSubdirectory("loopfn-elsewhere-").FullName;
        try
        {
            File.Copy(Path.Combine(_loops.Folder, "fix-calc.md"), Path.Combine(elsewhere, "fix-calc.md"));
            var body = JsonSerializer.Serialize(new { loopName = "fix-calc", loopFile = Path.Combine(elsewhere, "fix-calc.md") });

            await Assert.ThrowsAsync<LoopFunctionsException>(() => LoopActivityFunctions.LoadPlanAsync(
                JsonSerializer.Deserialize<LoopRunInput>(body, LoopSerialization.Options)!, "calc-9", _harness.Context.Object));
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    public void Dispose()
    {
        _worker.Dispose();
        _harness.Dispose();
        _loops.Dispose();
    }

    private static List<HistoryEvent> NewRun(string input) =>
    [
        new OrchestratorStartedEvent(-1) { Timestamp = Started },
        new ExecutionStartedEvent(-1, input)
        {
            Name = LoopActivityNames.Orchestrator,
            OrchestrationInstance = new OrchestrationInstance { InstanceId = "calc-7", ExecutionId = "e1" },
            Timestamp = Started,
        },
    ];
}
