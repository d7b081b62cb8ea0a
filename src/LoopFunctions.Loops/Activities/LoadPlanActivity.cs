using LoopFunctions.Durable;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Plans;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops.Activities;

/// <summary>Reads the loop file once per run and resolves it into the plan the run records.</summary>
public sealed class LoadPlanActivity(IOptions<LoopRunnerOptions> options) : TaskActivity<LoopRunRequest, LoopPlan>
{
    public override Task<LoopPlan> RunAsync(TaskActivityContext context, LoopRunRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var definition = LoopCatalog.LoadFile(input.LoopFile);
        var plan = LoopPlanner.Plan(definition, input, context.InstanceId, options.Value.WorkRoot, options.Value.Prices, DateTime.UtcNow);
        return Task.FromResult(plan);
    }
}
