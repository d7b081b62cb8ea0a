using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Plans;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops.Planning;

/// <summary>Finds the run's loop by name in the host's loop folder (<see cref="LoopRunnerOptions.LoopsFolder"/>),
/// reads its file once per run and resolves it into the plan the run records.</summary>
public sealed class LoadPlanActivity(IHostApplicationLifetime lifetime, IOptions<LoopRunnerOptions> options) : LoopActivity<LoopRunInput, LoopPlan>(lifetime)
{
    protected override Task<LoopPlan> ExecuteAsync(TaskActivityContext context, LoopRunInput input, CancellationToken cancellationToken)
    {
        var definition = LoopLocator.Find(input, options.Value.LoopsFolder);
        // Before anything is planned or spent: a pool the host does not declare (any more) refuses the run.
        LoopPools.Check(definition, options.Value.PoolLimits);
        var plan = LoopPlanner.Plan(definition, input.ToRequest(definition), context.InstanceId, options.Value.WorkRoot, options.Value.Prices, DateTime.UtcNow);
        return Task.FromResult(plan);
    }
}
