using DurableTask.Core;
using DurableTask.Core.Command;
using DurableTask.Core.History;
using DurableTask.Core.Middleware;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.DurableTask.Worker;

/// <summary>
/// Builds the real orchestrator into each fresh <see cref="DeferredOrchestration"/>: created in a DI scope, wrapped by
/// the SDK's shim with the parent instance read from the runtime state, so <c>context.Parent</c> works in
/// sub-orchestrations. A session resume finds the shim already built and only runs the new events.
/// </summary>
internal sealed class OrchestrationMiddleware(TaskCatalog catalog, IServiceProvider services, DurableTaskShimFactory shims, ILogger logger)
{
    /// <summary>Set before each work item runs: DTFx creates its dispatcher only inside <c>TaskHubWorker.StartAsync</c>,
    /// where no hook runs before the first work item, and reads the flag when it turns the episode's actions into
    /// history, after the middleware.</summary>
    public Action? BeforeEpisode { get; init; }

    public const string NotFoundErrorType = "OrchestratorTaskNotFound";

    /// <summary>How early a due message may arrive and still be held until it is due; anything earlier is a clock
    /// problem, not rounding, and is left alone.</summary>
    private static readonly TimeSpan MaxEarlyArrival = TimeSpan.FromSeconds(2);

    public async Task InvokeAsync(DispatchMiddlewareContext context, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        BeforeEpisode?.Invoke();
        var orchestration = context.GetProperty<TaskOrchestration>() as DeferredOrchestration;
        var state = context.GetProperty<OrchestrationRuntimeState>();
        if (orchestration is { Inner: null })
        {
            Build(orchestration, state);
        }

        await WaitUntilDueAsync(state).ConfigureAwait(false);

        var done = true;
        try
        {
            await next().ConfigureAwait(false);
            var result = context.GetProperty<OrchestratorExecutionResult>();
            var finished = result?.Actions.Any(a => a is OrchestrationCompleteOrchestratorAction) ?? false;

            // Only an extended session can come back to this object; anything else is done with it now.
            done = finished || context.GetProperty<WorkItemMetadata>() is not { IsExtendedSession: true };
        }
        finally
        {
            if (done && orchestration?.Scope is { } scope)
            {
                orchestration.Scope = null;
                await DisposeAsync(scope, orchestration).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Azure Storage queues count visibility delays in whole seconds, so a timer or a scheduled start can arrive up to
    /// a second early. Holding the work item until the due time, and stamping the episode with the time it really
    /// starts, keeps DTFx's promise that <c>CurrentUtcDateTime</c> is never before a fired timer's due time.
    /// </summary>
    private static async Task WaitUntilDueAsync(OrchestrationRuntimeState? state)
    {
        if (state is null)
        {
            return;
        }

        var due = DateTime.MinValue;
        foreach (var e in state.NewEvents)
        {
            var at = e switch
            {
                TimerFiredEvent timer => timer.FireAt,
                ExecutionStartedEvent { ScheduledStartTime: { } start } => start,
                _ => DateTime.MinValue,
            };
            due = at > due ? at : due;
        }

        due = due.Kind == DateTimeKind.Local ? due.ToUniversalTime() : DateTime.SpecifyKind(due, DateTimeKind.Utc);
        if (state.NewEvents.OfType<OrchestratorStartedEvent>().LastOrDefault() is not { } episode || episode.Timestamp >= due
            || due - DateTime.UtcNow > MaxEarlyArrival)
        {
            return;
        }

        // Timers round to whole milliseconds, so wait in a loop until the clock has really passed the due time.
        for (var left = due - DateTime.UtcNow; left > TimeSpan.Zero; left = due - DateTime.UtcNow)
        {
            await Task.Delay(left + TimeSpan.FromMilliseconds(1)).ConfigureAwait(false);
        }

        episode.Timestamp = DateTime.UtcNow;
    }

    private void Build(DeferredOrchestration orchestration, OrchestrationRuntimeState state)
    {
        var instanceId = state.OrchestrationInstance?.InstanceId ?? "";
        orchestration.InstanceId = instanceId;
        if (!catalog.TryGetOrchestrator(orchestration.Name, out var factory))
        {
            logger.OrchestratorNotFound(instanceId, orchestration.Name);
            orchestration.Inner = new FailedOrchestration(new FailureDetails(
                NotFoundErrorType, $"No orchestrator named '{orchestration.Name}' is registered with this worker.", null, null, isNonRetriable: true));
            return;
        }

        var scope = services.CreateAsyncScope();
        orchestration.Scope = scope;
        ITaskOrchestrator orchestrator;
        try
        {
            orchestrator = factory(scope.ServiceProvider);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A constructor that throws will throw on every retry; fail the instance with the reason instead.
            orchestration.Inner = new FailedOrchestration(new FailureDetails(ex));
            return;
        }

        var parent = state.ParentInstance is { OrchestrationInstance: { } parentInstance } p
            ? new ParentOrchestrationInstance(new TaskName(p.Name), parentInstance.InstanceId)
            : null;
        orchestration.Inner = shims.CreateOrchestration(new TaskName(orchestration.Name), orchestrator, parent);
    }

    private async Task DisposeAsync(AsyncServiceScope scope, DeferredOrchestration orchestration)
    {
        try
        {
            await scope.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.OrchestrationScopeDisposeFailed(ex, orchestration.InstanceId);
        }
    }
}
