using LoopFunctions.Loops.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace LoopFunctions.Functions.Orchestration;

/// <summary>The loop orchestration on Azure Functions: the same <see cref="LoopOrchestrator"/> <c>loopfn</c> runs,
/// under the same registered name, so a run's history means the same thing in both hosts.</summary>
/// <remarks>Replay: this wrapper adds no logic of its own; everything deterministic lives in the orchestrator.</remarks>
public static class LoopOrchestratorFunction
{
    [Function(LoopActivityNames.Orchestrator)]
    public static Task<LoopResult> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Durable Functions' own start route (POST .../orchestrators/LoopOrchestrator) stores its body as this input.
        var input = context.GetInput<LoopRunInput>()
            ?? throw new ArgumentException($$"""{{LoopActivityNames.Orchestrator}} needs a loop run input, {"loop": "<name>", "input": ...}""", nameof(context));
        return new LoopOrchestrator().RunAsync(context, input);
    }
}
