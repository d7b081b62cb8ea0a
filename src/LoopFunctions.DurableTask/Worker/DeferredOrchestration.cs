using DurableTask.Core;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.DurableTask.Worker;

/// <summary>
/// What DTFx gets for every orchestration name: a thin orchestration whose real shim is filled in by
/// <see cref="OrchestrationMiddleware"/> once the runtime state (and so the parent instance) is known.
/// </summary>
/// <remarks>
/// DTFx creates the orchestration object before its middleware runs and keeps it in the execution cursor, so the
/// object itself cannot be replaced; only its content can. An extended-session resume reuses this object and its
/// filled shim, so nothing is rebuilt between work items.
/// </remarks>
internal sealed class DeferredOrchestration(string name) : TaskOrchestration
{
    public string Name { get; } = name;

    /// <summary>The instance this object runs, for logs; set when it is built.</summary>
    public string InstanceId { get; set; } = "";

    /// <summary>The shim (or a failing stand-in) that does the work; set before the first <see cref="Execute"/>.</summary>
    public TaskOrchestration? Inner { get; set; }

    /// <summary>The DI scope the orchestrator was created in; lives as long as this object is in use.</summary>
    public AsyncServiceScope? Scope { get; set; }

    public override Task<string> Execute(OrchestrationContext context, string input) =>
        Inner is { } inner
            ? inner.Execute(context, input)
            : Task.FromException<string>(new InvalidOperationException($"Orchestration '{Name}' ran before the LoopFunctions middleware built it."));

    public override void RaiseEvent(OrchestrationContext context, string name, string input) => Inner?.RaiseEvent(context, name, input);

    public override string GetStatus() => Inner?.GetStatus()!;
}
