using Microsoft.DurableTask;

namespace LoopFunctions.Functions.Activities;

/// <summary>The <see cref="TaskActivityContext"/> a loop activity gets on Azure Functions, where an activity trigger
/// binds the input and the orchestration's instance id instead of a context.</summary>
public sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;
}
