using DurableTask.Core;
using DurableTask.Core.Command;
using DurableTask.Core.Entities;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using LoopFunctions.DurableTask.Client;
using LoopFunctions.DurableTask.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoopFunctions.DurableTask.Replay;

/// <summary>
/// Replays recorded histories against the orchestrators of this build with DTFx's own
/// <see cref="TaskOrchestrationExecutor"/>, without a backend or worker: the check <c>loopfn replay-check</c> runs
/// before a changed orchestrator is deployed while instances are in flight.
/// </summary>
/// <remarks>
/// A history is the committed state of one execution, so replaying it must reproduce every recorded action and
/// nothing more. Reported as a mismatch: DTFx's non-determinism (a recorded action the code no longer takes, or
/// takes differently); an action the code now takes where the history ends; a completion that differs.
/// </remarks>
public sealed class OrchestrationReplayChecker
{
    private readonly TaskCatalog _catalog;
    private readonly IServiceProvider _services;
    private readonly DurableTaskShimFactory _shims;

    /// <summary>What DTFx's entity context needs to replay entity calls (it dereferences them on the first call). The
    /// reorder window only shapes the messages an entity call sends, which a replay compares by name and target.</summary>
    private static readonly TaskOrchestrationEntityParameters EntityParameters = new();

    /// <summary>A checker over the orchestrators in <paramref name="registry"/>.</summary>
    /// <param name="registry">The build's orchestrators (activities are not run).</param>
    /// <param name="services">Where orchestrators get their dependencies; an empty provider when omitted.</param>
    /// <param name="dataConverter">The worker's converter; <see cref="JsonDataConverter.Default"/> when omitted.</param>
    /// <param name="loggerFactory">For the orchestrators' replay-safe loggers (silent during replay anyway).</param>
    public OrchestrationReplayChecker(DurableTaskRegistry registry, IServiceProvider? services = null, DataConverter? dataConverter = null, ILoggerFactory? loggerFactory = null)
        : this(new TaskCatalog(registry), services ?? new ServiceCollection().BuildServiceProvider(), dataConverter, loggerFactory)
    {
    }

    internal OrchestrationReplayChecker(TaskCatalog catalog, IServiceProvider services, DataConverter? dataConverter, ILoggerFactory? loggerFactory)
    {
        _catalog = catalog;
        _services = services;
        // Entity support on, whatever backend recorded the history: an orchestration that called or signalled an
        // entity replays those calls as recorded events and messages, and the shims refuse entity calls without it.
        _shims = new DurableTaskShimFactory(
            new DurableTaskWorkerOptions { DataConverter = dataConverter ?? JsonDataConverter.Default, EnableEntitySupport = true },
            loggerFactory ?? NullLoggerFactory.Instance);
    }

    /// <summary>Replays <paramref name="history"/> (one execution, as <c>GetOrchestrationHistoryAsync</c> returns it).
    /// The events passed in are not modified.</summary>
    /// <exception cref="ArgumentException">The history has no <see cref="ExecutionStartedEvent"/>.</exception>
    public ReplayCheckResult Check(IEnumerable<HistoryEvent> history)
    {
        ArgumentNullException.ThrowIfNull(history);

        // A copy: DTFx marks events as played, and the caller's list must stay as recorded.
        var events = HistoryJson.Deserialize(HistoryJson.Serialize(history));
        var started = events.OfType<ExecutionStartedEvent>().FirstOrDefault()
            ?? throw new ArgumentException("The history has no ExecutionStarted event, so it names no orchestrator.", nameof(history));
        var instanceId = started.OrchestrationInstance?.InstanceId ?? "";
        ReplayCheckResult Result(ReplayMismatch? mismatch, OrchestrationRuntimeStatus status) => new(instanceId, started.Name, events.Count, mismatch, status);

        if (!_catalog.TryGetOrchestrator(started.Name, out _))
        {
            return Result(new ReplayMismatch(started.EventId, HistoryDescriptions.Describe(started), null, $"No orchestrator named '{started.Name}' is registered in this build."), OrchestrationRuntimeStatus.Failed);
        }

        foreach (var e in events)
        {
            e.IsPlayed = false;
        }

        var result = Execute(events);
        var completion = result.Actions.OfType<OrchestrationCompleteOrchestratorAction>().FirstOrDefault();
        var status = completion?.OrchestrationStatus.FromCore() ?? OrchestrationRuntimeStatus.Running;
        if (completion?.FailureDetails is { } failure && failure.ErrorType == typeof(NonDeterministicOrchestrationException).FullName)
        {
            // DTFx stops at the event it could not match: the first one it did not mark as played.
            var failing = events.FirstOrDefault(e => !e.IsPlayed && e.EventType != EventType.OrchestratorStarted);
            var now = failing is null ? null : Execute(events.TakeWhile(e => !ReferenceEquals(e, failing)).ToList()).Actions.FirstOrDefault(a => a.Id == failing.EventId);
            return Result(new ReplayMismatch(failing?.EventId ?? -1, HistoryDescriptions.Describe(failing), HistoryDescriptions.Describe(now), failure.ErrorMessage), status);
        }

        return Result(CompareEnd(events, result.Actions.ToList(), completion), status);
    }

    private static ReplayMismatch? CompareEnd(IList<HistoryEvent> events, List<OrchestratorAction> actions, OrchestrationCompleteOrchestratorAction? completion)
    {
        var recorded = events.OfType<ExecutionCompletedEvent>().LastOrDefault();
        if (actions.Where(a => a is not OrchestrationCompleteOrchestratorAction).OrderBy(a => a.Id).FirstOrDefault() is { } extra)
        {
            return new ReplayMismatch(extra.Id, HistoryDescriptions.Describe(recorded), HistoryDescriptions.Describe(extra),
                $"The code now takes {HistoryDescriptions.Describe(extra)} where the recorded history ends without it.");
        }

        return (recorded, completion) switch
        {
            (null, null) => null,
            ({ } r, null) => new ReplayMismatch(r.EventId, HistoryDescriptions.Describe(r), null,
                "The recorded execution finishes here; the code now waits for something it did not wait for before."),
            (null, { } c) => new ReplayMismatch(c.Id, null, HistoryDescriptions.Describe(c),
                "The code now finishes where the recorded execution went on waiting."),
            ({ } r, { } c) when r.OrchestrationStatus != c.OrchestrationStatus => new ReplayMismatch(r.EventId, HistoryDescriptions.Describe(r), HistoryDescriptions.Describe(c),
                $"The recorded execution ended {r.OrchestrationStatus}; the code now ends {c.OrchestrationStatus}" + (c.FailureDetails is { } f ? $" ({f.ErrorType}: {f.ErrorMessage})." : ".")),
            _ => null,
        };
    }

    private OrchestratorExecutionResult Execute(IList<HistoryEvent> events)
    {
        var state = new OrchestrationRuntimeState(events);
        _catalog.TryGetOrchestrator(state.Name, out var factory);
        using var scope = _services.CreateScope();
        var parent = state.ParentInstance is { OrchestrationInstance: { } instance } p
            ? new ParentOrchestrationInstance(new TaskName(p.Name), instance.InstanceId)
            : null;
        var orchestration = _shims.CreateOrchestration(new TaskName(state.Name), factory(scope.ServiceProvider), parent);
        var executor = new TaskOrchestrationExecutor(state, orchestration, BehaviorOnContinueAsNew.Carryover, EntityParameters, ErrorPropagationMode.UseFailureDetails);
        return executor.Execute();
    }
}
