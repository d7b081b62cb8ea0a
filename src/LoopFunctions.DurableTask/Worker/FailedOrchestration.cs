using DurableTask.Core;
using CoreTaskFailedException = DurableTask.Core.Exceptions.TaskFailedException;

namespace LoopFunctions.DurableTask.Worker;

/// <summary>Stands in for an orchestrator that cannot run here (not registered, or not constructible): the instance
/// fails at once with these details instead of its work item being retried forever.</summary>
internal sealed class FailedOrchestration(FailureDetails failure) : TaskOrchestration
{
    // A faulted task, not a throw: an exception thrown out of Execute escapes DTFx's executor and would abandon
    // the work item again and again.
    public override Task<string> Execute(OrchestrationContext context, string input) =>
        Task.FromException<string>(new CoreTaskFailedException(failure.ErrorMessage) { FailureDetails = failure });

    public override void RaiseEvent(OrchestrationContext context, string name, string input)
    {
    }

    public override string GetStatus() => null!;
}
