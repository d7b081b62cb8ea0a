using System.Reflection;
using System.Text.Json;
using LoopFunctions.Functions.Activities;
using LoopFunctions.Functions.Tests.TestSupport;
using LoopFunctions.Loops;
using LoopFunctions.Loops.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace LoopFunctions.Functions.Tests.Activities;

public sealed class LoopActivityFunctionsTests : IDisposable
{
    private readonly TempLoops _loops = new();
    private readonly FunctionsHarness _harness;

    public LoopActivityFunctionsTests() => _harness = new FunctionsHarness(_loops.Folder);

    public void Dispose()
    {
        _harness.Dispose();
        _loops.Dispose();
    }

    [Fact]
    public void Wrappers_EveryActivityTheHostsRegister_HasAFunctionOfThatNameOverItsClass()
    {
        // The registry loopfn builds (AddLoopTasks) is the list of names and classes the orchestrator calls.
        var registry = new DurableTaskRegistry().AddLoopTasks();
        var activities = registry.GetActivities().ToDictionary(a => a.Key.Name, a => a.Value(_harness.Services).GetType());
        var functions = typeof(LoopActivityFunctions).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .ToDictionary(m => m.GetCustomAttribute<FunctionAttribute>()!.Name, m => m);

        Assert.Equal(activities.Keys.Order(), functions.Keys.Order());
        foreach (var (name, method) in functions)
        {
            var input = method.GetParameters()[0];
            Assert.NotNull(input.GetCustomAttribute<ActivityTriggerAttribute>());
            var baseType = activities[name].BaseType!.BaseType!;
            Assert.Equal(baseType.GetGenericArguments()[0], input.ParameterType);
            Assert.Equal(typeof(Task<>).MakeGenericType(baseType.GetGenericArguments()[1]), method.ReturnType);
        }
    }

    [Fact]
    public async Task LoadPlanAsync_RealLoopFile_ResolvesThePlanTheOrchestratorRecords()
    {
        var file = _loops.Write("fix-calc", extra: "limits:\n  max_iterations: 4\n");

        var plan = await LoopActivityFunctions.LoadPlanAsync(new LoopRunInput("fix-calc", repository: "/src/calc"), "fix-calc-1", _harness.Context.Object);

        Assert.Equal(("fix-calc", "/src/calc", 4), (plan.Name, plan.Workspace.Repository, plan.Limits.MaxIterations));
        Assert.Equal("loop/fix-calc/fix-calc-1", plan.Workspace.WorkBranch);
        Assert.Equal(file, plan.SourcePath);
    }

    [Fact]
    public async Task LoadPlanAsync_EarlierRunRequestInput_LoadsItsFileFromTheLoopsFolder()
    {
        var file = _loops.Write("fix-calc");
        var stored = JsonSerializer.Serialize(new LoopRunRequest("fix-calc", file, Repository: "/src/calc"), LoopSerialization.Options);

        var plan = await LoopActivityFunctions.LoadPlanAsync(JsonSerializer.Deserialize<LoopRunInput>(stored, LoopSerialization.Options)!, "fix-calc-1", _harness.Context.Object);

        Assert.Equal(("fix-calc", "/src/calc", file), (plan.Name, plan.Workspace.Repository, plan.SourcePath));
    }
}
