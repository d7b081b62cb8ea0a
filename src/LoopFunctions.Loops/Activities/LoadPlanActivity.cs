using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Plans;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops.Activities;

/// <summary>Reads the loop file once per run and resolves it into the plan the run records.</summary>
public sealed class LoadPlanActivity(IHostApplicationLifetime lifetime, IOptions<LoopRunnerOptions> options) : LoopActivity<LoopRunRequest, LoopPlan>(lifetime)
{
    protected override Task<LoopPlan> ExecuteAsync(TaskActivityContext context, LoopRunRequest input, CancellationToken cancellationToken)
    {
        var definition = LoopCatalog.LoadFile(input.LoopFile);
        var plan = LoopPlanner.Plan(definition, input, context.InstanceId, options.Value.WorkRoot, options.Value.Prices, DateTime.UtcNow);
        return Task.FromResult(plan);
    }
}
